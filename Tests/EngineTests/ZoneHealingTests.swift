import Foundation
import Logging
import Testing
import DadnsTestKit
@testable import Backends
@testable import Engine
@testable import ZoneStore

/// Healing one zone on the operator's word (`dadns zone heal`, the console's Heal button).
@Suite("Zone healing")
struct ZoneHealingTests {
    @Test func aZoneFileRemovedBehindOurBackIsSentAgainAndAZoneInLineIsLeft() async throws {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-zoneheal-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteZoneStore(path: directory.appendingPathComponent("store.db").path)
        let zones = directory.appendingPathComponent("zones").path
        let backend = try BindBackend(
            name: "bind", settings: BindBackendSettings(zonesDirectory: zones, includeFile: directory.appendingPathComponent("include.conf").path))
        let clock = ManualClock(1000)
        let lane = DispatcherLane(backend: backend, store: store, clock: { clock.now }, logger: Logger(label: "test"))
        let lanes: [(name: String, backend: (any DNSBackend)?)] = [("bind", backend), ("stopped", nil)]
        for domain in ["a.example", "b.example"] {
            let text = "\(domain).\t300\tIN\tSOA\tns1.\(domain). h.\(domain). 1 1 2 3 4\n"
            _ = try await store.push(
                ZonePush(
                    domain: domain, canonicalText: text, recordCount: 1, contentHash: "h-\(domain)", serial: 1, hostname: "da1.example",
                    username: nil, clientAddress: nil, source: .directAdmin),
                at: 1)
        }
        _ = try await lane.drain()
        try FileManager.default.removeItem(atPath: zones + "/a.example.db")

        let a = try #require(try await store.zone("a.example"))
        let reports = await ZoneHealing.heal(a, backends: lanes, store: store, dryRun: false, at: clock.now)
        #expect(reports.map(\.backend) == ["bind", "stopped"])
        #expect(reports[0].drifted == ["a.example"] && reports[0].checked == 1 && reports[0].error == nil)
        #expect(reports[1].error?.contains("no running backend") == true)
        #expect(try await store.pending(backend: "bind", now: clock.now, limit: 10).map(\.domain) == ["a.example"])
        _ = try await lane.drain()
        #expect(FileManager.default.fileExists(atPath: zones + "/a.example.db"))

        let b = try #require(try await store.zone("b.example"))
        let inLine = await ZoneHealing.heal(b, backends: [("bind", backend)], store: store, dryRun: false, at: clock.now)
        #expect(inLine[0].drifted.isEmpty && inLine[0].stale.isEmpty && inLine[0].checked == 1)
        #expect(try await store.pending(backend: "bind", now: clock.now, limit: 10).isEmpty)

        // Dry run: reported, not queued.
        try FileManager.default.removeItem(atPath: zones + "/b.example.db")
        let dry = await ZoneHealing.heal(b, backends: [("bind", backend)], store: store, dryRun: true, at: clock.now)
        #expect(dry[0].drifted == ["b.example"] && dry[0].dryRun)
        #expect(try await store.pending(backend: "bind", now: clock.now, limit: 10).isEmpty)
    }
}
