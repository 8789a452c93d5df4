import Foundation
import Logging
import Testing
import DadnsTestKit
@testable import Backends
@testable import Engine
@testable import ZoneStore

/// A healing pass against a real named while an operator edits the include by hand, in the order
/// that made OperatorViewTests' healing test fail under load: the pass reads the include (zone
/// listed, its file gone) and queues the zone; the operator then takes its entry out and runs
/// `rndc reconfig`; only then does the lane write the zone back.
@Suite("Healing while the include is edited by hand", .serialized)
struct HealingIncludeEditedTests {
    static func text(_ domain: String, serial: Int) -> String {
        "\(domain).\t300\tIN\tSOA\tns1.\(domain). h.\(domain). \(serial) 3600 900 1209600 300\n\(domain).\t300\tIN\tNS\tns1.\(domain).\n"
            + "ns1.\(domain).\t300\tIN\tA\t192.0.2.53\n"
    }

    @Test func aZoneQueuedBeforeItsIncludeEntryWentIsServedAgainByTheLane() async throws {
        let named = try NamedServer()
        defer { named.stop() }
        let directory = try Scratch.directory("healing-include-edited")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteZoneStore(path: directory.appendingPathComponent("store.db").path)
        let backend = try BindBackend(
            name: "bind",
            settings: BindBackendSettings(
                zonesDirectory: named.zonesDirectory, includeFile: named.includeFile, rndcPath: "/usr/sbin/rndc",
                rndcServer: "127.0.0.1", rndcPort: named.controlPort, rndcKeyFile: named.keyFile, commandTimeout: 10))
        let clock = ManualClock(1000)
        let lane = DispatcherLane(backend: backend, store: store, clock: { clock.now }, logger: Logger(label: "test"))
        let healer = Healer(
            lanes: [lane], context: EngineContext(store: store, clock: { clock.now }, logger: Logger(label: "test")), dryRun: false)
        for (domain, serial) in [("heal.example", 4), ("kept.example", 3)] {
            let text = Self.text(domain, serial: serial)
            _ = try await store.push(
                ZonePush(
                    domain: domain, canonicalText: text, recordCount: 3, contentHash: "h-\(domain)", serial: UInt32(serial), hostname: "da1.example",
                    username: nil, clientAddress: nil, source: .directAdmin),
                at: 1)
        }
        _ = try await lane.drain()
        #expect(try await named.waitFor { try named.query("heal.example", "SOA").answer.first?.contains(" 4 3600 ") == true })

        // The zone file goes; a pass reads the include (still listing the zone) and queues it.
        try FileManager.default.removeItem(atPath: "\(named.zonesDirectory)/heal.example.db")
        let first = await healer.heal()
        #expect(first.first?.drifted == ["heal.example"], "\(first)")
        // Before the lane writes it back, the include entry goes too and named drops the zone.
        let include = try String(contentsOfFile: named.includeFile, encoding: .utf8)
        try include.split(separator: "\n").filter { !$0.contains("\"heal.example\"") }.joined(separator: "\n")
            .write(toFile: named.includeFile, atomically: true, encoding: .utf8)
        #expect(try await ProgramRun.output(["/usr/sbin/rndc"] + named.rndcArguments(["reconfig"])).status == 0)
        #expect(try named.query("heal.example", "SOA").status == "REFUSED")

        // The lane's write-back serves it again at once (it waited for a 30 s retry before,
        // with every pass meanwhile leaving the unapplied pair to the lane).
        _ = try await lane.drain()
        #expect(try await store.upToDate(backend: "bind", among: ["heal.example"]) == ["heal.example"])
        #expect(try await named.waitFor { try named.query("heal.example", "SOA").answer.first?.contains(" 4 3600 ") == true })
        #expect(try named.query("kept.example", "SOA").answer.first?.contains(" 3 3600 ") == true)
        let after = await healer.heal()
        #expect(after.first?.drifted == [] && after.first?.error == nil, "\(after)")
    }
}
