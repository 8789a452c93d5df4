import Foundation
import Logging
import Testing
import DadnsTestKit
@testable import Backends
@testable import Engine
@testable import ZoneStore

@Suite("Dispatcher lane")
struct DispatcherLaneTests {
    func temporaryDirectory() throws -> URL {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-lane-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    func push(_ store: ZoneStore, _ domain: String, serial: Int, at time: Double) async throws {
        let text = "\(domain).\t300\tIN\tSOA\tns1.\(domain). h.\(domain). \(serial) 1 2 3 4\n"
        _ = try await store.push(ZonePush(
            domain: domain, canonicalText: text, recordCount: 1, contentHash: "h\(serial)", serial: UInt32(serial),
            hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin), at: time)
    }

    /// The status document of one lane's store and statistics.
    static func reporter(_ lane: DispatcherLane, _ store: ZoneStore, clock: @escaping @Sendable () -> Double) -> StatusReporter {
        StatusReporter(
            backends: [.init(name: lane.backend.name, type: "test", lane: lane)], store: store, healer: nil,
            healingIntervalMinutes: nil, version: "test", startedAt: 0, clock: clock, isDraining: { false })
    }

    @Test func appliesPendingZonesAndDeletes() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteZoneStore(path: directory.appendingPathComponent("store.db").path)
        let zones = directory.appendingPathComponent("zones").path
        let backend = try BindBackend(name: "bind", settings: BindBackendSettings(
            zonesDirectory: zones, includeFile: directory.appendingPathComponent("include.conf").path))
        let clock = ManualClock(1000)
        let lane = DispatcherLane(backend: backend, store: store, batchSize: 2, clock: { clock.now }, logger: Logger(label: "test"))
        for (index, domain) in ["a.example", "b.example", "c.example"].enumerated() {
            try await push(store, domain, serial: 1, at: Double(index))
        }
        try await push(store, "a.example", serial: 2, at: 5)  // coalesced: only the newest is applied
        let reports = try await lane.drain()
        #expect(reports.map(\.size) == [2, 1] && reports.allSatisfy { $0.failed == 0 })
        let text = try String(contentsOfFile: zones + "/a.example.db", encoding: .utf8)
        #expect(text.contains(" 2 1 2 3 4"))
        #expect(try await store.pending(backend: "bind", now: clock.now, limit: 10).isEmpty)

        _ = try await store.delete(domain: "b.example", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin, at: 6)
        #expect(try await lane.runBatch()?.succeeded == 1)
        #expect(!FileManager.default.fileExists(atPath: zones + "/b.example.db"))
        #expect(try await backend.inventory() == ["a.example", "c.example"])
    }

    /// Without `dns.batch_size` a bind lane takes up to `BindBackend.bulkBatchSize` zones a
    /// batch (one reconfig for them all); a set `dns.batch_size` still rules, and a backend with
    /// no preference keeps the 500 default.
    @Test func batchSizeIsTheConfiguredOneElseTheBackendsElse500() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteZoneStore(path: directory.appendingPathComponent("store.db").path)
        func bind(_ name: String) throws -> BindBackend {
            try BindBackend(name: name, settings: BindBackendSettings(
                zonesDirectory: directory.appendingPathComponent("zones-\(name)").path,
                includeFile: directory.appendingPathComponent("\(name).conf").path))
        }
        let clock = ManualClock(1000)
        for index in 0..<600 { try await push(store, "z\(index).example", serial: 1, at: Double(index) / 1000) }
        let unset = DispatcherLane(backend: try bind("bind"), store: store, clock: { clock.now }, logger: Logger(label: "test"))
        let configured = DispatcherLane(backend: try bind("bind500"), store: store, batchSize: 500, clock: { clock.now }, logger: Logger(label: "test"))
        let other = DispatcherLane(backend: ScriptedBackend(name: "other"), store: store, clock: { clock.now }, logger: Logger(label: "test"))
        #expect(try await unset.drain().map(\.size) == [600])
        #expect(try await configured.drain().map(\.size) == [500, 100])
        #expect(try await other.drain().map(\.size) == [500, 100])
        let sizes = (await unset.batchSize, await configured.batchSize, await other.batchSize)
        #expect(BindBackend.bulkBatchSize == 10_000 && sizes == (10_000, 500, DispatcherLane.defaultBatchSize))
        #expect(try await store.pending(backend: "bind", now: clock.now, limit: 10).isEmpty)
    }

    @Test func failuresFollowTheRetryScheduleThenRepeatAtTheLastIntervalForEver() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteZoneStore(path: directory.appendingPathComponent("store.db").path)
        let settings = BindBackendSettings(
            zonesDirectory: directory.appendingPathComponent("zones").path,
            includeFile: directory.appendingPathComponent("include.conf").path,
            rndcPath: "/usr/sbin/rndc", rndcServer: "127.0.0.1", rndcPort: 9, commandTimeout: 5)
        let broken = try BindBackend(name: "bind", settings: settings)
        let clock = ManualClock(1000)
        let lane = DispatcherLane(backend: broken, store: store, clock: { clock.now }, logger: Logger(label: "test"))
        try await push(store, "x.example", serial: 1, at: 1)
        for delay in [30.0, 120, 300, 900, 1800] {
            #expect(try await lane.runBatch()?.failed == 1)
            #expect(try await store.backlog(backend: "bind").retrying == 1)
            clock.advance(delay - 1)
            #expect(try await lane.runBatch() == nil, "retried before its time")
            clock.advance(1)
        }
        // Schedule used up: `failed`, and still tried every 30 min (the last interval), for ever.
        for _ in 1...3 {
            #expect(try await lane.runBatch()?.failed == 1)
            #expect(try await store.backlog(backend: "bind").failed == 1)
            clock.advance(1799)
            #expect(try await lane.runBatch() == nil, "retried before the last interval passed")
            clock.advance(1)
        }
        #expect(try await lane.runBatch()?.failed == 1)
        // A manual retry makes it due at once (not in 30 min); with the backend working again it is applied.
        #expect(try await store.retryNow(backend: "bind", domain: "x.example", at: clock.now) == 1)
        var fixed = settings
        fixed.rndcPath = nil
        let healthy = DispatcherLane(backend: try BindBackend(name: "bind", settings: fixed), store: store, clock: { clock.now }, logger: Logger(label: "test"))
        #expect(try await healthy.runBatch()?.succeeded == 1)
        #expect(try await store.pending(backend: "bind", now: clock.now + 10_000, limit: 10).isEmpty)
    }

    @Test func aBackendWorkingAgainRetriesItsFailedAndRetryingZonesAtOnce() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteZoneStore(path: directory.appendingPathComponent("store.db").path)
        let backend = ScriptedBackend(name: "dc1")
        let clock = ManualClock(1000)
        let lane = DispatcherLane(
            backend: backend, store: store, retryPolicy: RetryPolicy(delays: [30, 600]), clock: { clock.now }, logger: Logger(label: "test"))
        let reporter = Self.reporter(lane, store, clock: { clock.now })
        // Up at start: a first zone applies.
        try await push(store, "first.example", serial: 1, at: clock.now)
        #expect(try await lane.runBatch()?.succeeded == 1)

        await backend.set(down: true)
        try await push(store, "a.example", serial: 1, at: clock.now)
        try await push(store, "b.example", serial: 1, at: clock.now)
        #expect(try await lane.runBatch()?.failed == 2)
        var document = try await reporter.document()
        #expect(document.status == .error && document.reasons.contains { $0.contains("dc1: every attempt has failed for 0 s") }, "\(document.reasons)")
        clock.advance(30)
        #expect(try await lane.runBatch()?.failed == 2)  // retries of failing zones alone: still down
        clock.advance(600)
        #expect(try await lane.runBatch()?.failed == 2)  // schedule used up: failed
        #expect(try await store.backlog(backend: "dc1").failed == 2)
        document = try await reporter.document()
        #expect(document.status == .error && document.reasons.contains { $0.contains("every attempt has failed for 630 s") }, "\(document.reasons)")
        #expect(document.reasons.contains { $0.contains("2 zone(s) failed after every retry; tried again every 600 s") }, "\(document.reasons)")

        // Back up: the next zone that applies brings the failed ones along at once, not in 600 s.
        await backend.set(down: false)
        clock.advance(5)
        try await push(store, "c.example", serial: 1, at: clock.now)
        #expect(try await lane.runBatch()?.succeeded == 1)
        let report = try await lane.runBatch()
        #expect(report?.succeeded == 2 && report?.failed == 0)
        #expect(await backend.applied.suffix(3) == ["c.example", "a.example", "b.example"])
        #expect(try await store.backlog(backend: "dc1") == BackendBacklog())
        document = try await reporter.document()
        #expect(document.status == .ok && document.reasons.isEmpty, "reasons left about the past: \(document.reasons)")
        #expect(await lane.statistics.lastError?.domain != nil, "the last error stays in the backend section as history")
    }

    @Test func aZoneThatFailsAloneIsNotRequeuedByEveryBatchThatApplies() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteZoneStore(path: directory.appendingPathComponent("store.db").path)
        let backend = ScriptedBackend(name: "dc1", refusing: ["bad.example"])
        let clock = ManualClock(1000)
        let lane = DispatcherLane(
            backend: backend, store: store, retryPolicy: RetryPolicy(delays: [30, 600]), clock: { clock.now }, logger: Logger(label: "test"))
        let reporter = Self.reporter(lane, store, clock: { clock.now })
        try await push(store, "bad.example", serial: 1, at: clock.now)
        try await push(store, "good0.example", serial: 1, at: clock.now)
        #expect(try await lane.runBatch().map { [$0.succeeded, $0.failed] } == [1, 1])
        #expect(try await lane.runBatch() == nil, "the zone that just failed was queued again by its own batch")
        for round in 1...4 {
            clock.advance(round == 1 ? 30 : 600)
            #expect(try await lane.runBatch().map { [$0.succeeded, $0.failed] } == [0, 1])  // bad.example alone, on its schedule
            #expect(await lane.statistics.failingSince == nil, "a zone failing alone is not the backend failing")
            let document = try await reporter.document()
            #expect(document.status == .degraded, "\(document.reasons)")
            clock.advance(1)
            try await push(store, "good\(round).example", serial: 1, at: clock.now)
            #expect(try await lane.runBatch().map { [$0.succeeded, $0.failed] } == [1, 0])
            #expect(try await lane.runBatch() == nil, "a batch that applied re-queued the zone that fails alone")
        }
        #expect(await backend.attempts(of: "bad.example") == 5)
    }

    @Test func aBindBackendWithNoRndcFoundIsDegradedAndSaysWhatToSet() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteZoneStore(path: directory.appendingPathComponent("store.db").path)
        var settings = BindBackendSettings(
            zonesDirectory: directory.appendingPathComponent("zones").path, includeFile: directory.appendingPathComponent("include.conf").path)
        settings.rndcProgram = .choose(rndcPath: nil, reload: true, searchPath: directory.path)
        let lane = DispatcherLane(
            backend: try BindBackend(name: "bind", settings: settings), store: store, clock: { 1000 }, logger: Logger(label: "test"))
        let document = try await Self.reporter(lane, store, clock: { 1000 }).document()
        #expect(document.status == .degraded)
        #expect(document.reasons == [
            "bind: no rndc found on PATH (\(directory.path)): zone files are written but named is not told to load them; "
                + "install rndc (Debian: bind9-utils) or set rndc_path to it, or set reload: false to write files only"
        ])
        // Skipped on purpose: not degraded.
        settings.rndcProgram = .choose(rndcPath: nil, reload: false, searchPath: directory.path)
        let quiet = DispatcherLane(
            backend: try BindBackend(name: "bind", settings: settings), store: store, clock: { 1000 }, logger: Logger(label: "test"))
        #expect(try await Self.reporter(quiet, store, clock: { 1000 }).document().status == .ok)
    }

    @Test func aLaneWhoseStoreFailsWaitsLongerAfterEachErrorUpToTheCap() {
        let backoff = LaneBackoff(base: .seconds(1), cap: .seconds(10))
        #expect((1...6).map { backoff.delay(afterErrors: $0) } == [1, 2, 4, 8, 10, 10].map { Duration.seconds($0) })
        #expect(backoff.delay(afterErrors: 1_000) == .seconds(10))
        #expect(LaneBackoff(base: .milliseconds(50), cap: .seconds(10)).delay(afterErrors: 3) == .milliseconds(200))
        #expect(LaneBackoff.text(.milliseconds(200)) == "200 ms")
        #expect(LaneBackoff.text(.seconds(8)) == "8 s")
    }
}

@Suite("Wake signal")
struct WakeSignalTests {
    @Test func wakeBeforeWaitIsNotLostAndTimeoutsSayTheyTimedOut() async {
        let signal = WakeSignal()
        signal.wake()
        #expect(await signal.wait(upTo: .seconds(5)) == true)
        #expect(await signal.wait(upTo: .milliseconds(50)) == false)
        let waiter = Task { await signal.wait(upTo: .seconds(5)) }
        try? await Task.sleep(for: .milliseconds(50))
        signal.wake()
        #expect(await waiter.value == true)
    }
}

@Suite("Journal retention")
struct JournalPrunerTests {
    @Test func oldEntriesGoTheLatestOfEachZoneStays() async throws {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-prune-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteZoneStore(path: directory.appendingPathComponent("store.db").path)
        let day = 86400.0
        for (index, text) in ["a", "b", "c"].enumerated() {
            _ = try await store.push(ZonePush(
                domain: "old.example", canonicalText: text, recordCount: 1, contentHash: text, serial: 1,
                hostname: nil, username: nil, clientAddress: nil, source: .directAdmin), at: Double(index) * day)
        }
        let clock = ManualClock(100 * day)
        let pruner = JournalPruner(
            context: EngineContext(store: store, clock: { clock.now }, logger: Logger(label: "test")), retentionDays: 90)
        #expect(try await pruner.prune() == 2)
        #expect(try await store.history(of: "old.example").map(\.generation) == [3])
        #expect(try await pruner.prune() == 0)
    }

    @Test func theZoneHistoryKeepsTheNewestVersionsOfEachZone() async throws {
        let store = try SQLiteZoneStore.inMemory()
        for (index, text) in ["a", "b", "c", "d"].enumerated() {
            _ = try await store.push(ZonePush(
                domain: "kept.example", canonicalText: text, recordCount: 1, contentHash: text, serial: 1,
                hostname: nil, username: nil, clientAddress: nil, source: .directAdmin), at: Double(index))
        }
        let pruner = JournalPruner(
            context: EngineContext(store: store, clock: { 10 }, logger: Logger(label: "test")), retentionDays: 90, historyVersions: 2)
        _ = try await pruner.prune()
        #expect(try await store.historyVersions(of: "kept.example").map(\.generation) == [4, 3])
    }
}
