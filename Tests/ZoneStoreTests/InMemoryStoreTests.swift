import Foundation
import Testing
@testable import ZoneStore

/// The SQLite store on an in-memory database (no file, no fsync): the same schema and SQL as on
/// disk, fast enough to check every write's announcement. Reached as `any ZoneStore`, as the
/// engine, server and CLI reach it. Every test runs on MariaDB too (`StoreKind`), whose store
/// announces its own commits the same way.
@Suite("Zone store in memory: announcements")
struct InMemoryStoreTests {

    func push(_ domain: String, _ text: String = "a", host: String? = "da1.example") -> ZonePush {
        ZonePush(
            domain: domain, canonicalText: "\(domain). 300 IN TXT \"\(text)\"\n", recordCount: 1, contentHash: "h-\(text)",
            serial: 7, hostname: host, username: "user", clientAddress: nil, source: .directAdmin)
    }

    /// Runs `change` with a fresh subscription: its result, and whether the store announced it.
    func announcing<T>(_ store: any ZoneStore, _ change: () async throws -> T) async throws -> (result: T, announced: Bool) {
        let announcements = store.desiredStateChanges()
        let result = try await change()
        // Announced before the write returned, so a short wait only confirms silence.
        return (result, await announcements.announces(within: .milliseconds(200)))
    }

    func announces<T>(_ store: any ZoneStore, _ change: () async throws -> T) async throws -> Bool {
        try await announcing(store, change).announced
    }

    @Test(arguments: StoreKind.allCases) func anInMemoryStoreKeepsStateLikeTheFileStore(_ kind: StoreKind) async throws {
        let store = try await kind.open(inMemory: true).store
        _ = try await store.push(push("a.example"), at: 1)
        _ = try await store.push(push("a.example", "b"), at: 2)
        let zone = try #require(try await store.zone("a.example"))
        #expect(zone.generation == 2 && zone.contentHash == "h-b" && zone.changedAt == 2)
        #expect(try await store.history(of: "a.example").map(\.generation) == [1, 2])
        let pending = try await store.pending(backend: "bind", now: 3, limit: 10)
        try await store.markSent(backend: "bind", domains: pending.map(\.domain))
        try await store.record(backend: "bind", outcomes: pending.map { ($0, .applied) }, at: 3)
        #expect(try await store.pairs(backends: ["bind"]).map(\.state) == [.ok])
        #expect(await store.writeHealth == StoreWriteHealth())
    }

    @Test(arguments: StoreKind.allCases) func storedAndDeletedZonesAreAnnouncedUnchangedAndRefusedOnesAreNot(_ kind: StoreKind) async throws {
        let store = try await kind.open(inMemory: true).store
        #expect(try await announces(store) { _ = try await store.push(push("a.example"), at: 1) })
        #expect(try await !announces(store) { _ = try await store.push(push("a.example"), at: 2) })
        #expect(try await !announces(store) {
            _ = try await store.delete(
                domain: "a.example", hostname: "da9.example", username: nil, clientAddress: nil, source: .directAdmin, at: 3)
        })
        #expect(try await announces(store) {
            _ = try await store.delete(
                domain: "a.example", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin, at: 4)
        })
        #expect(try await !announces(store) {
            _ = try await store.delete(
                domain: "a.example", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin, at: 5)
        })
    }

    @Test(arguments: StoreKind.allCases) func requeuedAndRetriedPairsAreAnnouncedMetadataOnlyChangesAreNot(_ kind: StoreKind) async throws {
        let store = try await kind.open(inMemory: true).store
        _ = try await store.push(push("a.example"), at: 1)
        let pending = try await store.pending(backend: "bind", now: 2, limit: 10)
        try await store.record(
            backend: "bind", outcomes: [(pending[0], .failed(error: "down", retryAt: 100, scheduleUsedUp: false))], at: 2)
        let retried = try await announcing(store) { try await store.retryNow(backend: "bind", domain: nil, at: 3) }
        #expect(retried.result == 1 && retried.announced)
        let none = try await announcing(store) { try await store.retryNow(backend: "nsd", domain: nil, at: 3) }
        #expect(none.result == 0 && !none.announced)
        let requeued = try await announcing(store) { try await store.requeue(backend: "bind", domains: ["a.example"], reason: "healing", at: 4) }
        #expect(requeued.result == 1 && requeued.announced)
        let owner = try await announcing(store) {
            try await store.changeOwner(domain: "a.example", from: "da1.example", to: "da2.example", source: .operatorCLI, at: 5)
        }
        #expect(owner.result && !owner.announced)
    }

    @Test(arguments: StoreKind.allCases) func guardedReconcilerAndPeerWritesAnnounceOnlyWhatTheyChanged(_ kind: StoreKind) async throws {
        let store = try await kind.open(inMemory: true).store
        _ = try await store.push(push("a.example"), at: 10)
        // Fetched before the push: the push stands, nothing changes.
        let stale = try await announcing(store) { try await store.pushFetched(push("a.example", "old"), unchangedSince: 5, at: 11) }
        #expect(stale.result == nil && !stale.announced)
        #expect(try await announces(store) { try await store.pushFetched(push("b.example"), unchangedSince: 11, at: 12) })
        let orphan = try await announcing(store) {
            try await store.deleteOrphan(domain: "b.example", generation: 1, owner: "da1.example", username: nil, at: 13)
        }
        #expect(orphan.result == .deleted(generation: 2) && orphan.announced)
        let newer = PeerChange(
            domain: "a.example", version: ZoneVersion(changedAt: 20, contentHash: "h-c"), content: .zone(push("a.example", "c")),
            hostname: "da1.example", username: "user", peer: "http://peer.example")
        let stored = try await announcing(store) { try await store.applyFromPeer([newer], at: 21) }
        #expect(stored.result == [.stored(generation: 2)] && stored.announced)
        let again = try await announcing(store) { try await store.applyFromPeer([newer], at: 22) }
        #expect(again.result == [.notNewer] && !again.announced)
    }

    @Test(arguments: StoreKind.allCases) func everySubscriberHearsAndABurstReachesABusySubscriberOnce(_ kind: StoreKind) async throws {
        let store = try await kind.open(inMemory: true).store
        let first = store.desiredStateChanges()
        let second = store.desiredStateChanges()
        for index in 0..<5 { _ = try await store.push(push("z\(index).example"), at: Double(index)) }
        #expect(await first.announces(within: .seconds(1)))
        #expect(await second.announces(within: .seconds(1)))
        let again = store.desiredStateChanges()
        #expect(await !again.announces(within: .milliseconds(200)))
    }
}
