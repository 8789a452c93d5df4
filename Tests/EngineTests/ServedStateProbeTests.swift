import Foundation
import Logging
import SettingsKit
import Testing
import DadnsTestKit
@testable import Backends
@testable import Engine
@testable import ZoneStore

/// The served-state probe against a real named and a real NSD on loopback: what the server
/// serves, compared with what the store says the backend holds.
@Suite("Served-state probe against real servers", .serialized)
struct ServedStateProbeTests {
    /// A small zone (SOA, NS, A) stored as DirectAdmin pushes it.
    static func push(_ store: ZoneStore, _ domain: String, serial: Int, at time: Double) async throws {
        try await KilledBeforeRecordTests().push(store, domain, serial: serial, at: time)
    }

    static func probe(_ backend: String, port: Int, store: ZoneStore, clock: ManualClock) -> ServedStateProbe {
        ServedStateProbe(
            targets: [.init(backend: backend, address: DNSServerAddress(host: "127.0.0.1", port: port, isIPv6: false))],
            settings: ProbeSettings(timeoutSeconds: 0.3, retries: 1),
            context: EngineContext(store: store, clock: { clock.now }, logger: Logger(label: "test")))
    }

    static func lane(_ backend: any DNSBackend, _ store: ZoneStore, _ clock: ManualClock) -> DispatcherLane {
        DispatcherLane(backend: backend, store: store, clock: { clock.now }, logger: Logger(label: "test"))
    }

    static func bindSettings(_ named: NamedServer, rndc: Bool = true) -> BindBackendSettings {
        BindBackendSettings(
            zonesDirectory: named.zonesDirectory, includeFile: named.includeFile, rndcPath: rndc ? "/usr/sbin/rndc" : nil,
            rndcServer: "127.0.0.1", rndcPort: named.controlPort, rndcKeyFile: named.keyFile, commandTimeout: 10)
    }

    /// A lane of a bind backend `bind` that writes its files to a directory no server reads,
    /// without rndc: the store records the zones as applied, no server has them.
    static func withFilesOnly(_ store: ZoneStore, _ clock: ManualClock, _ body: (DispatcherLane) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dadns-probe-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = BindBackendSettings(zonesDirectory: directory.path, includeFile: directory.path + "/include.conf")
        try await body(lane(try BindBackend(name: "bind", settings: files), store, clock))
    }

    static func state(_ report: ProbeReport, _ zone: String) -> String? {
        report.results.first { $0.zone == zone }?.summary
    }

    @Test func namedServingAnOldCopyIsStaleUntilTheRequeuedZoneIsReloaded() async throws {
        let named = try NamedServer()
        defer { named.stop() }
        let store = try SQLiteZoneStore.inMemory()
        let clock = ManualClock(1000)
        try await Self.push(store, "kept.example", serial: 1, at: 1)
        try await Self.push(store, "other.example", serial: 7, at: 1)
        let lane = Self.lane(try BindBackend(name: "bind", settings: Self.bindSettings(named)), store, clock)
        #expect(try await lane.drain().map(\.succeeded) == [2])
        #expect(try await named.waitFor { try named.query("other.example", "SOA").answer.first?.contains(" 7 ") == true })
        let probe = Self.probe("bind", port: named.port, store: store, clock: clock)

        let first = await probe.pass()
        #expect(first.backends.map(\.served) == [2])
        #expect(first.results.isEmpty, "only zones that are not served are listed")
        #expect(first.allServed)

        // The zone file on disk is right, but named is never told: it serves the old copy.
        try await Self.push(store, "kept.example", serial: 2, at: 2)
        let quiet = Self.lane(try BindBackend(name: "bind", settings: Self.bindSettings(named, rndc: false)), store, clock)
        #expect(try await quiet.drain().map(\.succeeded) == [1])
        #expect(try String(contentsOfFile: named.zonesDirectory + "/kept.example.db", encoding: .utf8).contains(" 2 3600 "))
        #expect(try named.query("kept.example", "SOA").answer.first?.contains(" 1 3600 ") == true)
        #expect(try await store.pairs(backends: ["bind"], domain: "kept.example").map(\.state) == [.ok])

        let second = await probe.pass()
        #expect(Self.state(second, "kept.example") == "stale (serial 1, want 2)")
        #expect(second.backends.map(\.stale) == [1])
        #expect(second.backends.map(\.served) == [1])
        #expect(second.backends.map(\.requeued) == [1])
        #expect(!second.allServed)
        #expect(try await store.pairs(backends: ["bind"], domain: "kept.example").map(\.state) == [.pending], "queued to be applied again")
        #expect(await probe.results(for: "kept.example").map(\.summary) == ["stale (serial 1, want 2)"])
        let overview = await probe.overview()
        #expect(overview.backends.map(\.stale) == [1])
        #expect(overview.notServed.map(\.zone) == ["kept.example"])

        // The lane applies it again, with rndc this time: named serves the stored serial.
        #expect(try await lane.drain().map(\.succeeded) == [1])
        #expect(try await named.waitFor { try named.query("kept.example", "SOA").answer.first?.contains(" 2 3600 ") == true })
        let third = await probe.run(zone: "kept.example", backend: nil)
        #expect(third.results.map(\.summary) == ["served"], "one zone asked: every result is listed")
        #expect(third.results.map(\.servedSerial) == [2])
        #expect(await probe.overview().backends.map(\.served) == [2])
    }

    @Test func aZoneNamedDoesNotHaveIsMissingAndQueuedAgain() async throws {
        let named = try NamedServer()
        defer { named.stop() }
        let store = try SQLiteZoneStore.inMemory()
        let clock = ManualClock(1000)
        try await Self.push(store, "absent.example", serial: 3, at: 1)
        // The store is told the backend holds it, but the files went to a directory named never reads.
        try await Self.withFilesOnly(store, clock) { lane in
            let reports = try await lane.drain()
            #expect(reports.map(\.succeeded) == [1])
        }
        #expect(try named.query("absent.example", "SOA").status == "REFUSED")

        let probe = Self.probe("bind", port: named.port, store: store, clock: clock)
        let report = await probe.pass()
        #expect(Self.state(report, "absent.example") == "missing (REFUSED)")
        #expect(report.backends.map(\.missing) == [1])
        #expect(report.backends.map(\.requeued) == [1])
        #expect(try await store.pairs(backends: ["bind"], domain: "absent.example").map(\.state) == [.pending])

        let lane = Self.lane(try BindBackend(name: "bind", settings: Self.bindSettings(named)), store, clock)
        #expect(try await lane.drain().map(\.succeeded) == [1])
        #expect(try await named.waitFor { try named.query("absent.example", "SOA").status == "NOERROR" })
        #expect(Self.state(await probe.run(zone: "absent.example", backend: "bind"), "absent.example") == "served")
    }

    @Test func aServerThatDoesNotAnswerLeavesItsZonesUnansweredAndAlone() async throws {
        let store = try SQLiteZoneStore.inMemory()
        let clock = ManualClock(1000)
        try await Self.push(store, "quiet.example", serial: 1, at: 1)
        try await Self.withFilesOnly(store, clock) { lane in
            let reports = try await lane.drain()
            #expect(reports.map(\.succeeded) == [1])
        }

        // Nothing listens on this port.
        let port = try FreePort.find()
        let report = await Self.probe("bind", port: port, store: store, clock: clock).pass()
        #expect(Self.state(report, "quiet.example") == "unanswered")
        #expect(report.backends.map(\.unanswered) == [1])
        #expect(report.backends.map(\.requeued) == [0], "a server that is down is the lane's and healing's business")
        #expect(try await store.pairs(backends: ["bind"], domain: "quiet.example").map(\.state) == [.ok])

        // One query a second: slices of one zone. After a slice without an answer the rest are not asked.
        try await Self.push(store, "quiet2.example", serial: 1, at: 2)
        try await Self.push(store, "quiet3.example", serial: 1, at: 2)
        try await Self.withFilesOnly(store, clock) { lane in
            let reports = try await lane.drain()
            #expect(reports.map(\.succeeded) == [2])
        }
        let slow = ServedStateProbe(
            targets: [.init(backend: "bind", address: DNSServerAddress(host: "127.0.0.1", port: port, isIPv6: false))],
            settings: ProbeSettings(queriesPerSecond: 1, timeoutSeconds: 0.2, retries: 0),
            context: EngineContext(store: store, clock: { clock.now }, logger: Logger(label: "test")))
        let skipped = await slow.pass()
        #expect(skipped.backends.map(\.unanswered) == [3])
        #expect(skipped.results.map(\.summary) == [
            "unanswered", "unanswered (not asked: the server answered none of the 1 queries before)",
            "unanswered (not asked: the server answered none of the 1 queries before)",
        ])
    }

    @Test func nsdServingTheZoneIsServedAndAZoneRemovedBehindOurBackIsMissing() async throws {
        let nsd = try NSDServer()
        defer { nsd.stop() }
        let store = try SQLiteZoneStore.inMemory()
        let clock = ManualClock(1000)
        try await Self.push(store, "one.example", serial: 11, at: 1)
        try await Self.push(store, "two.example", serial: 12, at: 1)
        let settings = NSDBackendSettings(
            zonesDirectory: nsd.zonesDirectory, includeFile: nil, controlPath: NSDServer.controlPath, controlConfig: nsd.configFile,
            pattern: "dadns", commandTimeout: 20)
        let lane = Self.lane(try NSDBackend(name: "nsd", settings: settings), store, clock)
        #expect(try await lane.drain().map(\.succeeded) == [2])
        #expect(await nsd.waitFor { (try? nsd.query("two.example", "SOA").status) == "NOERROR" })
        let probe = Self.probe("nsd", port: nsd.port, store: store, clock: clock)
        #expect(await probe.pass().backends.map(\.served) == [2])

        _ = try nsd.control(["delzone", "two.example"])
        #expect(await nsd.waitFor { (try? nsd.query("two.example", "SOA").status) == "REFUSED" })
        let report = await probe.pass()
        #expect(Self.state(report, "two.example") == "missing (REFUSED)")
        #expect(report.backends.map(\.served) == [1])
        #expect(try await store.pairs(backends: ["nsd"], domain: "two.example").map(\.state) == [.pending])
        #expect(try await lane.drain().map(\.succeeded) == [1])
        #expect(await nsd.waitFor { (try? nsd.query("two.example", "SOA").status) == "NOERROR" })
        #expect(await probe.pass().backends.map(\.served) == [2])
    }
}
