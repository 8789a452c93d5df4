import Foundation
import GRDB
import Testing
import DadnsTestKit
@testable import ZoneStore

/// The store's side of peer sync: version order, conditional stores and deletes from peers,
/// tombstones and their expiry (on every implementation, `StoreKind`), the SQLite migration that
/// adds the origin change time.
@Suite("Zone store: peer sync", .serialized)
struct PeerSyncStoreTests {

    func push(_ domain: String, _ text: String, host: String? = "da1.example", source: ChangeSource = .directAdmin) -> ZonePush {
        ZonePush(
            domain: domain, canonicalText: "\(domain). 300 IN TXT \"\(text)\"\n", recordCount: 3, contentHash: "h-\(text)",
            serial: 7, hostname: host, username: "user", clientAddress: nil, source: source)
    }

    func fromPeer(_ domain: String, _ text: String?, at changedAt: Double, host: String? = "da1.example") -> PeerChange {
        let content: PeerChange.Content = text.map { .zone(push(domain, $0, host: host, source: .peer)) } ?? .deleted
        return PeerChange(
            domain: domain, version: ZoneVersion(changedAt: changedAt, contentHash: text.map { "h-\($0)" }), content: content,
            hostname: host, username: "user", peer: "http://peer.example:2222")
    }

    @Test func changesAfterAJournalCursorComeInPagesEachZoneOnceWithItsCurrentState() async throws {
        let store = try SQLiteZoneStore.inMemory()
        #expect(try await store.peerChanges(after: nil, limit: 10) == PeerChangeBatch(states: [], cursor: 0, more: false))
        for (index, domain) in ["a", "b", "a", "c"].enumerated() {
            _ = try await store.push(push("\(domain).example", "v\(index)"), at: 100 + Double(index))
        }
        let page = try #require(try await store.peerChanges(after: 0, limit: 3))
        #expect(page.states.map(\.domain) == ["a.example", "b.example"] && page.more && page.cursor == 3)
        // The current state, not the state at the entry: a's second version.
        #expect(page.states.first?.version == ZoneVersion(changedAt: 102, contentHash: "h-v2"))
        let rest = try #require(try await store.peerChanges(after: page.cursor, limit: 3))
        #expect(rest.states.map(\.domain) == ["c.example"] && !rest.more && rest.cursor == 4)
        #expect(try await store.peerChanges(after: 4, limit: 3) == PeerChangeBatch(states: [], cursor: 4, more: false))

        _ = try await store.delete(domain: "b.example", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin, at: 200)
        let deleted = try #require(try await store.peerChanges(after: 4, limit: 3))
        #expect(deleted.states.map(\.domain) == ["b.example"] && deleted.states.first?.present == false && deleted.cursor == 5)
        #expect(deleted.states.first?.version == ZoneVersion(changedAt: 200, contentHash: nil))
        // Not a cursor of this journal.
        #expect(try await store.peerChanges(after: 6, limit: 3) == nil)
        #expect(try await store.peerChanges(after: -1, limit: 3) == nil)
    }

    @Test func versionsOrderByChangeTimeThenHash() {
        let early = ZoneVersion(changedAt: 10, contentHash: "ff")
        let late = ZoneVersion(changedAt: 11, contentHash: "00")
        #expect(early < late)
        #expect(ZoneVersion(changedAt: 10, contentHash: "aa") < ZoneVersion(changedAt: 10, contentHash: "ab"))
        // A tombstone competes by its delete time; at the same time any content beats it.
        #expect(ZoneVersion(changedAt: 10, contentHash: nil) < early)
        #expect(late > ZoneVersion(changedAt: 10.5, contentHash: nil))
        #expect(ZoneVersion(changedAt: 12, contentHash: nil) > late)
    }

    @Test(arguments: StoreKind.allCases) func peerStatePagesTogetherAreTheWholeListingInDomainOrder(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        for domain in ["d.example", "a.example", "c.example", "e.example", "b.example"] {
            _ = try await store.push(push(domain, domain), at: 100)
        }
        _ = try await store.applyFromPeer([fromPeer("c.example", nil, at: 200)], at: 300)
        let whole = try await store.peerStates()
        #expect(whole.count == 5 && whole.contains { $0.domain == "c.example" && !$0.present })
        var pages: [[PeerZoneState]] = []
        var after = ""
        while true {
            let page = try await store.peerStatePage(after: after, limit: 2)
            guard let last = page.last else { break }
            pages.append(page)
            after = last.domain
        }
        #expect(pages.map(\.count) == [2, 2, 1])
        #expect(pages.flatMap { $0 } == whole)
        #expect(try await store.peerStatePage(after: "e.example", limit: 2).isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func aNewerPeerVersionIsStoredWithThePeersTimeAndOwner(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        _ = try await store.push(push("example.com", "a"), at: 100)
        #expect(try await store.zone("example.com")?.changedAt == 100)
        let outcomes = try await store.applyFromPeer([fromPeer("example.com", "b", at: 150, host: "da2.example")], at: 400)
        #expect(outcomes == [.stored(generation: 2)])
        let zone = try #require(try await store.zone("example.com"))
        #expect(zone.contentHash == "h-b" && zone.changedAt == 150 && zone.updatedAt == 400 && zone.hostname == "da2.example")
        let last = try #require(try await store.history(of: "example.com").last)
        #expect(last.source == "peer" && last.action == "save" && last.detail?.contains("peer.example") == true)
        // The backends have work at the new generation.
        #expect(try await store.pending(backend: "bind", now: 500, limit: 10).first?.generation == 2)
    }

    @Test(arguments: StoreKind.allCases) func anOlderOrEqualPeerVersionChangesNothing(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        _ = try await store.push(push("example.com", "a"), at: 200)
        #expect(try await store.applyFromPeer([fromPeer("example.com", "b", at: 150)], at: 300) == [.notNewer])
        // A delete made before the push does not undo it.
        #expect(try await store.applyFromPeer([fromPeer("example.com", nil, at: 199)], at: 300) == [.notNewer])
        let zone = try #require(try await store.zone("example.com"))
        #expect(zone.present && zone.contentHash == "h-a" && zone.generation == 1)
    }

    @Test(arguments: StoreKind.allCases) func equalTimesAreBrokenByTheLargerHash(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        _ = try await store.push(push("example.com", "m"), at: 200)
        #expect(try await store.applyFromPeer([fromPeer("example.com", "a", at: 200)], at: 300) == [.notNewer])
        #expect(try await store.applyFromPeer([fromPeer("example.com", "z", at: 200)], at: 300) == [.stored(generation: 2)])
    }

    @Test(arguments: StoreKind.allCases) func tombstonesDeleteOlderZonesAndTravelToNodesThatNeverHadThem(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        _ = try await store.push(push("gone.example", "a"), at: 100)
        #expect(try await store.applyFromPeer([fromPeer("gone.example", nil, at: 150)], at: 300) == [.deleted(generation: 2)])
        let zone = try #require(try await store.zone("gone.example"))
        #expect(!zone.present && zone.changedAt == 150)
        #expect(try await store.history(of: "gone.example").last?.source == "peer")
        // Never held here: a tombstone row, so the delete is passed on to other peers.
        #expect(try await store.applyFromPeer([fromPeer("never.example", nil, at: 160)], at: 300) == [.deleted(generation: 1)])
        let states = try await store.peerStates()
        #expect(states.map(\.domain) == ["gone.example", "never.example"] && states.allSatisfy { !$0.present })
        // A push after the delete brings the zone back; a copy from before does not.
        #expect(try await store.applyFromPeer([fromPeer("gone.example", "a", at: 140)], at: 310) == [.notNewer])
        #expect(try await store.applyFromPeer([fromPeer("gone.example", "c", at: 170)], at: 310) == [.stored(generation: 3)])
    }

    @Test(arguments: StoreKind.allCases) func theSameContentOnlyTakesOverTheTimeAndOwner(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        _ = try await store.push(push("example.com", "a"), at: 100)
        let same = PeerChange(
            domain: "example.com", version: ZoneVersion(changedAt: 101, contentHash: "h-a"), content: .sameContent(hash: "h-a"),
            hostname: "da2.example", username: "user", peer: "http://peer.example")
        #expect(try await store.applyFromPeer([same], at: 300) == [.metadata])
        let zone = try #require(try await store.zone("example.com"))
        #expect(zone.generation == 1 && zone.changedAt == 101 && zone.hostname == "da2.example")
        // A push that changed the content meanwhile is not overwritten by "same content" news.
        _ = try await store.push(push("example.com", "b"), at: 400)
        let stale = PeerChange(
            domain: "example.com", version: ZoneVersion(changedAt: 500, contentHash: "h-a"), content: .sameContent(hash: "h-a"),
            hostname: nil, username: nil, peer: "http://peer.example")
        #expect(try await store.applyFromPeer([stale], at: 600) == [.notNewer])
    }

    @Test(arguments: StoreKind.allCases) func aLocalChangeIsOrderedAfterWhatTheNodeHeldEvenWithAClockBehind(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        // A peer whose clock runs ahead deleted the zone "at 1000"; this node's clock says 500.
        _ = try await store.applyFromPeer([fromPeer("example.com", nil, at: 1000)], at: 400)
        _ = try await store.push(push("example.com", "new"), at: 500)
        let zone = try #require(try await store.zone("example.com"))
        #expect(zone.present && zone.changedAt > 1000)
    }

    @Test(arguments: StoreKind.allCases) func expiredTombstonesArePrunedOnceEveryBackendAppliedThem(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        _ = try await store.push(push("old.example", "a"), at: 10)
        let pending = try await store.pending(backend: "bind", now: 11, limit: 10)
        try await store.record(backend: "bind", outcomes: [(pending[0], .applied)], at: 11)
        _ = try await store.delete(domain: "old.example", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin, at: 20)
        _ = try await store.applyFromPeer([fromPeer("recent.example", nil, at: 900)], at: 900)
        // bind has not removed old.example yet: its tombstone stays.
        #expect(try await store.pruneTombstones(olderThan: 500) == 0)
        let deletes = try await store.pending(backend: "bind", now: 30, limit: 10)
        #expect(deletes.map(\.domain) == ["old.example"])
        try await store.record(backend: "bind", outcomes: [(deletes[0], .applied)], at: 30)
        #expect(try await store.pruneTombstones(olderThan: 500) == 1)
        #expect(try await store.zone("old.example") == nil)
        #expect(try await store.history(of: "old.example").isEmpty)
        #expect(try await store.zone("recent.example") != nil)
        #expect(try await store.pairs(backends: ["bind"], domain: "old.example").isEmpty)
    }

    @Test func theMigrationGivesExistingZonesTheirUpdateTimeAsChangeTime() async throws {
        let directory = try Scratch.directory("store")
        let path = directory.appendingPathComponent("store.db").path
        let queue = try DatabaseQueue(path: path)
        // Build a v1 store by running only the first migration of the real migrator.
        try StoreMigrations.migrator.migrate(queue, upTo: "v1: desired state, applied state, journal")
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO zones (domain, generation, present, zone_text, record_count, content_hash, created_at, updated_at)
                    VALUES ('legacy.example', 3, 1, 'x', 1, 'h', 5, 42)
                    """)
        }
        try queue.close()
        let store = try SQLiteZoneStore(path: path)
        #expect(try await store.zone("legacy.example")?.changedAt == 42)
    }
}
