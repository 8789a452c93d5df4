import DirectAdmin
import Foundation
import Logging
import Testing
import DadnsTestKit
@testable import Engine
@testable import ZoneStore

/// The reconciler against a real store and fake DirectAdmin servers.
@Suite("Reconciler", .serialized)
struct ReconcilerTests {
    /// A store in a fresh directory, removed by `cleanup`.
    struct Fixture {
        let directory: URL
        let store: ZoneStore
        let clock = ManualClock(1_000)

        init() throws {
            directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-rec-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            store = try SQLiteZoneStore(path: directory.appendingPathComponent("store.db").path)
        }

        func cleanup() { try? FileManager.default.removeItem(at: directory) }

        /// Stores zones as pushed by `hostname` before the pass.
        func seed(_ domains: [String], owner: String?) async throws {
            for domain in domains {
                let text = Array(FakeDirectAdmin.zone(domain, serial: 1).utf8)
                let push = try ZoneIntake.accept(
                    domain: domain, zoneText: text, hostname: owner, username: "bob", clientAddress: nil, source: .directAdmin
                ).get().push
                _ = try await store.push(push, at: clock.now)
            }
            clock.advance(10)
        }

        func reconciler(_ servers: [DirectAdminServer], dryRun: Bool = false, fetchesPerSecond: Double = 1000) -> Reconciler {
            Reconciler(
                settings: ReconcilerSettings(
                    servers: servers, dryRun: dryRun, itemsPerPage: 7, timeout: .seconds(2), fetchesPerSecond: fetchesPerSecond),
                store: store, clock: { clock.now }, logger: Logger(label: "test"))
        }

        func present() async throws -> [String] { try await store.zones(present: true).map(\.domain) }
    }

    static func server(_ fake: FakeDirectAdmin, hostname: String = "127.0.0.1") -> DirectAdminServer {
        DirectAdminServer(hostname: hostname, port: fake.port, username: fake.username, password: fake.password, ssl: false)
    }

    static func names(_ count: Int, _ prefix: String = "z") -> [String] { (1...count).map { "\(prefix)\($0).example" } }

    @Test func anOrphanIsDeletedWithJournalSourceReconciler() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        let owned = Self.names(20)
        try await fixture.seed(owned, owner: "127.0.0.1")
        try await fixture.seed(["other.example"], owner: "da9.example")  // an unconfigured server's zone
        fake.setDomains(Array(owned.dropLast()))
        let report = await fixture.reconciler([Self.server(fake)]).reconcile()
        #expect(report.servers.first?.orphans == ["z20.example"])
        #expect(report.deleted == 1 && report.zonesSeen == 19 && report.unreachable.isEmpty)
        #expect(try await fixture.present().count == 20)
        #expect(try await fixture.store.zone("z20.example")?.present == false)
        #expect(try await fixture.store.zone("other.example")?.present == true)
        let last = try #require(try await fixture.store.history(of: "z20.example").last)
        #expect(last.action == "delete" && last.source == "reconciler" && last.hostname == "127.0.0.1")
    }

    @Test func dryRunDeletesNothing() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        try await fixture.seed(Self.names(20), owner: "127.0.0.1")
        fake.setDomains(Array(Self.names(20).dropLast()) + ["new.example"])
        let report = await fixture.reconciler([Self.server(fake)], dryRun: true).reconcile()
        #expect(report.dryRun && report.orphans == 1 && report.deleted == 0 && report.missing == 1 && report.fetched == 0)
        #expect(try await fixture.present().count == 20)
        #expect(fake.requests(to: "/CMD_API_DNS_ADMIN").isEmpty)
    }

    @Test func anUnreachableOrGarbageServerLeavesItsZonesAlone() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let good = try FakeDirectAdmin()
        defer { good.stop() }
        let bad = try FakeDirectAdmin()
        defer { bad.stop() }
        try await fixture.seed(Self.names(5, "a"), owner: "127.0.0.1")
        try await fixture.seed(Self.names(5, "b"), owner: "localhost")
        good.setDomains(Self.names(5, "a"))
        for mode in [FakeDirectAdmin.Mode.garbageHTML, .garbageJSON, .failing, .slow(seconds: 4)] {
            bad.mode = mode
            let report = await fixture.reconciler([Self.server(good), Self.server(bad, hostname: "localhost")]).reconcile()
            #expect(report.unreachable == ["localhost"], "\(mode)")
            #expect(report.servers[1].error != nil && report.orphans == 0 && report.deleted == 0, "\(mode)")
            #expect(try await fixture.present().count == 10, "\(mode)")
        }
        bad.stop()
        let report = await fixture.reconciler([Self.server(good), Self.server(bad, hostname: "localhost")]).reconcile()
        #expect(report.unreachable == ["localhost"] && report.deleted == 0)
        #expect(try await fixture.present().count == 10)
    }

    @Test func theBulkDeleteGuardTripsAboveTheShareAndDeletesNothing() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        try await fixture.seed(Self.names(20), owner: "127.0.0.1")
        fake.setDomains(Array(Self.names(20).prefix(17)))  // 3 of 20 gone: 15 % > 10 %
        let report = await fixture.reconciler([Self.server(fake)]).reconcile()
        #expect(report.orphans == 3 && report.deleted == 0)
        let reason = try #require(report.servers.first?.guardReason)
        #expect(reason.contains("3 of its 20") && reason.contains("nothing deleted"), "\(reason)")
        #expect(try await fixture.present().count == 20)
        // At exactly 10 % it deletes.
        fake.setDomains(Array(Self.names(20).prefix(18)))
        let second = await fixture.reconciler([Self.server(fake)]).reconcile()
        #expect(second.deleted == 2 && second.servers.first?.guardReason == nil)
        // An empty answer from a server with zones is always refused.
        fake.setDomains([])
        let third = await fixture.reconciler([Self.server(fake)]).reconcile()
        #expect(third.deleted == 0 && third.servers.first?.guardReason != nil)
        #expect(try await fixture.present().count == 18)
    }

    @Test func ownersAreBackfilledAndMigrated() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let first = try FakeDirectAdmin()
        defer { first.stop() }
        let second = try FakeDirectAdmin()
        defer { second.stop() }
        try await fixture.seed(Self.names(10, "a"), owner: "127.0.0.1")
        try await fixture.seed(["moved.example"], owner: "127.0.0.1")
        try await fixture.seed(["ownerless.example"], owner: nil)
        first.setDomains(Self.names(10, "a") + ["ownerless.example"])
        second.setDomains(["moved.example"])
        let report = await fixture.reconciler([Self.server(first), Self.server(second, hostname: "localhost")]).reconcile()
        #expect(report.migrated == ["moved.example: 127.0.0.1 -> localhost"])
        #expect(report.backfilled == ["ownerless.example"])
        #expect(report.orphans == 0 && report.deleted == 0)
        let moved = try #require(try await fixture.store.zone("moved.example"))
        #expect(moved.present && moved.hostname == "localhost" && moved.generation == 1)
        #expect(try await fixture.store.zone("ownerless.example")?.hostname == "127.0.0.1")
        #expect(try await fixture.store.history(of: "moved.example").last?.action == "owner")
    }

    @Test func missingZonesAreFetchedValidatedAndStored() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        try await fixture.seed(["held.example"], owner: "127.0.0.1")
        fake.setDomains(
            ["held.example", "new.example", "broken.example"],
            zones: ["broken.example": "$TTL 300\nbroken.example. IN A 192.0.2.1\n"])
        // The store announces changes itself; the dispatcher wakes on them.
        let announcements = fixture.store.desiredStateChanges()
        let announced = Task { for await _ in announcements { return true }; return false }
        let reconciler = Reconciler(
            settings: ReconcilerSettings(servers: [Self.server(fake)], timeout: .seconds(2), fetchesPerSecond: 1000),
            store: fixture.store, clock: { fixture.clock.now }, logger: Logger(label: "test"))
        let report = await reconciler.reconcile()
        let server = try #require(report.servers.first)
        #expect(server.missing == ["new.example", "broken.example"])
        #expect(server.fetched == 1 && server.rejected.count == 1 && server.rejected[0].hasPrefix("broken.example: invalid zone"))
        let stored = try #require(try await fixture.store.zone("new.example"))
        #expect(stored.present && stored.hostname == "127.0.0.1" && stored.username == "bob" && stored.serial == 1)
        #expect(stored.canonicalText?.contains("www.new.example.\t3600\tIN\tA\t192.0.2.10") == true)
        #expect(try await fixture.store.history(of: "new.example").last?.source == "reconciler")
        #expect(try await fixture.store.zone("broken.example") == nil)
        let giveUp = Task {
            try await Task.sleep(for: .seconds(5))
            announced.cancel()
        }
        #expect(await announced.value, "the stored zone was not announced")
        giveUp.cancel()
        #expect(fake.requests(to: "/CMD_API_DNS_ADMIN").map { $0.query["domain"] } == ["new.example", "broken.example"])
    }

    @Test func fetchesAreRateLimited() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        fake.setDomains(Self.names(4, "m"))
        let started = Date()
        let report = await fixture.reconciler([Self.server(fake)], fetchesPerSecond: 5).reconcile()
        #expect(report.fetched == 4)
        let times = fake.requests(to: "/CMD_API_DNS_ADMIN").map(\.at)
        #expect(times.count == 4)
        // The fourth fetch cannot be sent before three intervals of 0.2 s have passed, however late
        // any request reaches the fake (a gap between two arrivals is not: the first may be the late one).
        let last = try #require(times.last)
        #expect(last.timeIntervalSince(started) >= 0.6, "the last fetch arrived \(last.timeIntervalSince(started)) s after the start")
    }

    @Test func theLimiterNeverReturnsSoonerThanItsIntervalAfterTheLastReturn() async throws {
        var limiter = RateLimiter(perSecond: 20)
        await limiter.wait()
        for _ in 0..<4 {
            // The deadline the last return set; an instant taken after a return would be a little
            // late, and gaps between such instants could fall short of the interval by that much.
            let earliest = try #require(limiter.next)
            await limiter.wait()
            #expect(ContinuousClock().now >= earliest, "returned before the deadline the last return set")
            #expect(try #require(limiter.next) - earliest >= .milliseconds(50), "the next deadline less than the interval on")
        }
    }

    @Test func aZoneChangedDuringThePassIsLeftToThatChange() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        try await fixture.seed(["race.example"], owner: "127.0.0.1")
        let zone = try #require(try await fixture.store.zone("race.example"))
        // A push after the reconciler looked (a new generation): the orphan delete does nothing.
        let text = Array(FakeDirectAdmin.zone("race.example", serial: 2).utf8)
        let push = try ZoneIntake.accept(
            domain: "race.example", zoneText: text, hostname: "127.0.0.1", username: nil, clientAddress: nil, source: .directAdmin
        ).get().push
        _ = try await fixture.store.push(push, at: 2_000)
        #expect(try await fixture.store.deleteOrphan(domain: "race.example", generation: zone.generation, owner: "127.0.0.1", username: nil, at: 2_001) == nil)
        #expect(try await fixture.store.zone("race.example")?.present == true)
        // A fetched zone older than a change made meanwhile is not stored.
        #expect(try await fixture.store.pushFetched(push, unchangedSince: 1_500, at: 2_002) == nil)
    }

    @Test func resyncFetchesEveryZoneOrOnlyTheMissingOnes() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        try await fixture.seed(["old.example", "same.example"], owner: "127.0.0.1")
        try await fixture.seed(["foreign.example"], owner: "da9.example")
        fake.setDomains(
            ["old.example", "same.example", "foreign.example", "n1.example", "n2.example"],
            zones: ["old.example": FakeDirectAdmin.zone("old.example", serial: 2)])
        let reconciler = fixture.reconciler([Self.server(fake)])
        let progress = ProgressLog()
        let missingOnly = try await reconciler.resync(hostname: "127.0.0.1", onlyMissing: true) { progress.add($0, $1) }
        #expect(missingOnly.missing == ["n1.example", "n2.example"] && missingOnly.fetched == 2)
        #expect(progress.entries.last.map { [$0.0, $0.1] } == [2, 2])
        #expect(try await fixture.store.zone("old.example")?.serial == 1)
        fixture.clock.advance(10)
        let full = try await reconciler.resync(hostname: "127.0.0.1", onlyMissing: false)
        #expect(full.fetched == 1 && full.unchanged == 3 && full.skipped == ["foreign.example"])
        #expect(try await fixture.store.zone("old.example")?.serial == 2)
        #expect(try await fixture.store.zone("foreign.example")?.hostname == "da9.example")
        await #expect(throws: Reconciler.ResyncError.self) { try await reconciler.resync(hostname: "nope.example", onlyMissing: true) }
    }
}

final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(Int, Int)] = []
    func add(_ done: Int, _ total: Int) { lock.withLock { list.append((done, total)) } }
    var entries: [(Int, Int)] { lock.withLock { list } }
}
