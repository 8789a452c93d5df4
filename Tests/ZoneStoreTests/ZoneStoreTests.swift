import Foundation
import Testing
import DadnsTestKit
@testable import ZoneStore

/// Runs on every implementation (`StoreKind`).
@Suite("Durable zone store")
struct ZoneStoreTests {

    func push(_ domain: String, _ text: String = "a", host: String? = "da1.example", source: ChangeSource = .directAdmin) -> ZonePush {
        ZonePush(
            domain: domain, canonicalText: "\(domain). 300 IN TXT \"\(text)\"\n", recordCount: 3, contentHash: "h-\(text)",
            serial: 7, hostname: host, username: "user", clientAddress: "192.0.2.9", source: source)
    }

    @Test(arguments: StoreKind.allCases) func generationsCountChangesOnly(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        #expect(try await store.push(push("example.com"), at: 1) == PushOutcome(generation: 1, changed: true, previousOwner: nil))
        #expect(try await store.push(push("example.com"), at: 2) == PushOutcome(generation: 1, changed: false, previousOwner: nil))
        #expect(try await store.push(push("example.com", "b"), at: 3).generation == 2)
        let zone = try #require(try await store.zone("example.com"))
        #expect(zone.present && zone.generation == 2 && zone.contentHash == "h-b" && zone.serial == 7)
        #expect(try await store.history(of: "example.com").map(\.generation) == [1, 1, 2])
    }

    /// A delete accepted earlier and stored late (the spool's) never undoes a newer change, and
    /// keeps the owner rule of a fresh delete.
    @Test(arguments: StoreKind.allCases) func aDeleteUnchangedSinceItsTimeYieldsToANewerChange(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        _ = try await store.push(push("newer.example", "a"), at: 10)
        let late = try await store.delete(
            domain: "newer.example", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin,
            unchangedSince: 9, at: 9)
        #expect(late == nil)
        #expect(try await store.zone("newer.example")?.present == true)

        _ = try await store.push(push("older.example", "a", host: "da2.example"), at: 10)
        let foreign = try await store.delete(
            domain: "older.example", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin,
            unchangedSince: 11, at: 11)
        #expect(foreign == .refused(owner: "da2.example"))
        let owned = try await store.delete(
            domain: "older.example", hostname: "da2.example", username: nil, clientAddress: nil, source: .directAdmin,
            unchangedSince: 11, at: 11)
        #expect(owned == .deleted(generation: 2))
        let zone = try #require(try await store.zone("older.example"))
        #expect(!zone.present && zone.updatedAt == 11)
        #expect(try await store.history(of: "older.example").map(\.action) == ["save", "delete"])
        let unknown = try await store.delete(
            domain: "unknown.example", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin,
            unchangedSince: 12, at: 12)
        #expect(unknown == .notPresent)
    }

    @Test(arguments: StoreKind.allCases) func ownershipMovesWithPushesAndGuardsDeletes(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        _ = try await store.push(push("example.com", host: "old.example"), at: 1)
        let moved = try await store.push(push("example.com", host: "new.example"), at: 2)
        #expect(moved.changed && moved.previousOwner == "old.example")
        let refused = try await store.delete(
            domain: "example.com", hostname: "old.example", username: nil, clientAddress: nil, source: .directAdmin, at: 3)
        #expect(refused == .refused(owner: "new.example"))
        #expect(try await store.zone("example.com")?.present == true)
        let deleted = try await store.delete(
            domain: "example.com", hostname: "new.example", username: nil, clientAddress: nil, source: .directAdmin, at: 4)
        #expect(deleted == .deleted(generation: 3))
        #expect(try await store.zone("example.com")?.present == false)
        let again = try await store.delete(
            domain: "example.com", hostname: "new.example", username: nil, clientAddress: nil, source: .directAdmin, at: 5)
        #expect(again == .notPresent)
    }

    @Test(arguments: StoreKind.allCases) func pendingWorkPerBackend(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        _ = try await store.push(push("a.example"), at: 1)
        _ = try await store.push(push("b.example"), at: 2)
        var pending = try await store.pending(backend: "bind", now: 10, limit: 10)
        #expect(pending.map(\.domain) == ["a.example", "b.example"])
        try await store.record(
            backend: "bind", outcomes: [(pending[0], .applied), (pending[1], .failed(error: "rndc: timeout", retryAt: 100, scheduleUsedUp: false))],
            at: 10)
        #expect(try await store.pending(backend: "bind", now: 50, limit: 10).isEmpty)
        pending = try await store.pending(backend: "bind", now: 100, limit: 10)
        #expect(pending.map(\.domain) == ["b.example"] && pending[0].attempts == 1)
        // Another backend has its own lane.
        #expect(try await store.pending(backend: "nsd", now: 10, limit: 10).count == 2)
        // Schedule used up: failed, and still tried again at its next attempt time (the schedule's
        // last interval); a retry makes it due at once, unless it was attempted after the cut-off.
        try await store.record(
            backend: "bind", outcomes: [(pending[0], .failed(error: "still down", retryAt: 1_900, scheduleUsedUp: true))], at: 100)
        #expect(try await store.backlog(backend: "bind").failed == 1)
        #expect(try await store.pending(backend: "bind", now: 1_899, limit: 10).isEmpty)
        #expect(try await store.pending(backend: "bind", now: 1_900, limit: 10).map(\.domain) == ["b.example"])
        #expect(try await store.retryNow(backend: "bind", domain: nil, at: 200, attemptedBefore: 100) == 0)
        #expect(try await store.retryNow(backend: "bind", domain: nil, at: 200) == 1)
        #expect(try await store.pending(backend: "bind", now: 200, limit: 10).map(\.domain) == ["b.example"])
        // A newer push resets the schedule.
        try await store.record(backend: "bind", outcomes: [(pending[0], .failed(error: "x", retryAt: 9_999, scheduleUsedUp: false))], at: 201)
        _ = try await store.push(push("b.example", "new"), at: 202)
        let fresh = try await store.pending(backend: "bind", now: 203, limit: 10)
        #expect(fresh.map(\.domain) == ["b.example"] && fresh[0].attempts == 0 && fresh[0].generation == 2)
    }

    /// One batch's outcomes, applied and failed zones mixed (the MariaDB store writes runs of
    /// applied zones in one statement): each zone ends in its own state.
    @Test(arguments: StoreKind.allCases) func aBatchOfAppliedAndFailedZonesRecordsEachAsItWent(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        let domains = (0..<7).map { "z\($0).example" }
        for (index, domain) in domains.enumerated() { _ = try await store.push(push(domain), at: Double(index)) }
        let pending = try await store.pending(backend: "bind", now: 10, limit: 10)
        #expect(pending.map(\.domain).sorted() == domains)
        let failing: Set = ["z2.example", "z5.example"]
        try await store.record(
            backend: "bind",
            outcomes: pending.map { ($0, failing.contains($0.domain) ? .failed(error: "down", retryAt: 500, scheduleUsedUp: false) : .applied) },
            at: 20)
        #expect(try await store.pending(backend: "bind", now: 21, limit: 10).isEmpty)
        #expect(try await store.pending(backend: "bind", now: 500, limit: 10).map(\.domain).sorted() == failing.sorted())
        let backlog = try await store.backlog(backend: "bind")
        #expect(backlog.pending == 0 && backlog.retrying == 2 && backlog.failed == 0)
    }

    /// The backlog is kept between writes (`/status` asks for it often): every kind of write
    /// shows in the next one — a push, a batch's outcomes, a retry, a requeue, a delete — as a
    /// store opened afresh on the same file counts it.
    @Test func theBacklogFollowsEveryWriteThoughItIsKeptBetweenThem() async throws {
        let directory = try Scratch.directory("backlog")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("dadns.db").path
        let store = try SQLiteZoneStore(path: path)
        func counts(_ store: SQLiteZoneStore) async throws -> [Int] {
            let backlog = try await store.backlog(backend: "bind")
            return [backlog.pending, backlog.retrying, backlog.failed]
        }
        func matchesAFreshCount() async throws -> Bool {
            try await counts(store) == counts(try SQLiteZoneStore(path: path))
        }
        #expect(try await counts(store) == [0, 0, 0])
        _ = try await store.push(push("a.example"), at: 1)
        _ = try await store.push(push("b.example"), at: 2)
        #expect(try await counts(store) == [2, 0, 0])
        #expect(try await counts(store) == [2, 0, 0])
        let pending = try await store.pending(backend: "bind", now: 3, limit: 10)
        try await store.record(
            backend: "bind",
            outcomes: pending.map { ($0, $0.domain == "a.example" ? .failed(error: "x", retryAt: 50, scheduleUsedUp: true) : .applied) },
            at: 3)
        #expect(try await counts(store) == [0, 0, 1])
        try await store.retryNow(backend: "bind", domain: nil, at: 4)
        #expect(try await matchesAFreshCount())
        try await store.requeue(backend: "bind", domains: ["b.example"], reason: "healing", at: 5)
        #expect(try await counts(store).reduce(0, +) == 2)
        #expect(try await matchesAFreshCount())
        _ = try await store.push(push("c.example"), at: 6)
        #expect(try await counts(store).reduce(0, +) == 3)
        #expect(try await matchesAFreshCount())
        _ = try await store.delete(domain: "c.example", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin, at: 7)
        #expect(try await counts(store).reduce(0, +) == 2)
        #expect(try await matchesAFreshCount())
    }

    /// The failed or retrying pairs of a backend, as `dadns zones --state` and the console list
    /// them (on SQLite through the index on backend and status): only those whose attempt at the
    /// current generation failed, in domain order, paged; a new generation makes a failed pair pending.
    @Test(arguments: StoreKind.allCases) func pairsInAFailedOrRetryingStateAreListedByStatePaged(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        let domains = (0..<6).map { "z\($0).example" }
        for (index, domain) in domains.enumerated() { _ = try await store.push(push(domain), at: Double(index)) }
        let pending = try await store.pending(backend: "bind", now: 10, limit: 10)
        let failed: Set = ["z1.example", "z4.example"], retrying: Set = ["z2.example"]
        try await store.record(
            backend: "bind",
            outcomes: pending.map { change in
                if failed.contains(change.domain) { return (change, .failed(error: "gave up", retryAt: 9_000, scheduleUsedUp: true)) }
                if retrying.contains(change.domain) { return (change, .failed(error: "down", retryAt: 500, scheduleUsedUp: false)) }
                return (change, .applied)
            },
            at: 20)
        let listed = try await store.pairs(backends: ["bind"], state: .failed)
        #expect(listed.map(\.domain) == ["z1.example", "z4.example"] && listed.allSatisfy { $0.state == .failed && $0.lastError == "gave up" })
        #expect(try await store.pairs(backends: ["bind"], state: .failed, afterDomain: "z1.example").map(\.domain) == ["z4.example"])
        #expect(try await store.pairs(backends: ["bind"], state: .failed, limit: 1).map(\.domain) == ["z1.example"])
        #expect(try await store.pairs(backends: ["bind"], state: .retrying).map(\.domain) == ["z2.example"])
        #expect(try await store.pairs(backends: ["other"], state: .failed).isEmpty)
        // A new generation of z4: pending now, no longer failed.
        _ = try await store.push(push("z4.example", "b"), at: 30)
        #expect(try await store.pairs(backends: ["bind"], state: .failed).map(\.domain) == ["z1.example"])
        #expect(try await store.pairs(backends: ["bind"], state: .pending).map(\.domain) == ["z4.example"])
    }

    @Test(arguments: StoreKind.allCases) func deletesReachOnlyBackendsThatHeldTheZone(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        _ = try await store.push(push("held.example"), at: 1)
        _ = try await store.push(push("never.example"), at: 2)
        let first = try await store.pending(backend: "bind", now: 3, limit: 10).filter { $0.domain == "held.example" }
        try await store.record(backend: "bind", outcomes: first.map { ($0, .applied) }, at: 3)
        for domain in ["held.example", "never.example"] {
            _ = try await store.delete(domain: domain, hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin, at: 4)
        }
        let pending = try await store.pending(backend: "bind", now: 5, limit: 10)
        #expect(pending.map(\.domain) == ["held.example"])
        #expect(pending.first?.present == false)
    }

    @Test(arguments: StoreKind.allCases) func ancestorsForExistsChecks(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        _ = try await store.push(push("example.com"), at: 1)
        let found = try await store.firstPresent(of: ["a.b.example.com", "b.example.com", "example.com", "com"])
        #expect(found?.domain == "example.com" && found?.hostname == "da1.example")
        #expect(try await store.firstPresent(of: ["example.net", "net"]) == nil)
    }

    @Test(arguments: StoreKind.allCases) func journalPruningKeepsTheLatestOfEachZone(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        for (index, text) in ["a", "b", "c"].enumerated() { _ = try await store.push(push("example.com", text), at: Double(index)) }
        #expect(try await store.pruneJournal(olderThan: 100) == 2)
        #expect(try await store.history(of: "example.com").map(\.generation) == [3])
    }

    @Test(arguments: StoreKind.allCases) func acknowledgedChangesSurviveReopening(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        let store = opened.store
        _ = try await store.push(push("durable.example"), at: 1)
        let reopened = try await opened.reopen()
        #expect(try await reopened.zone("durable.example")?.generation == 1)
        _ = store
    }

    @Test(arguments: StoreKind.allCases) func concurrentPushesAreCommittedTogetherAndEachGetsItsOwnOutcome(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        let store = opened.store
        let outcomes = try await withThrowingTaskGroup(of: (String, PushOutcome).self) { group in
            for index in 0..<200 {
                let domain = "z\(index % 50).example"
                let zonePush = push(domain, "v\(index)")
                group.addTask { (domain, try await store.push(zonePush, at: Double(index))) }
            }
            return try await group.reduce(into: [(String, PushOutcome)]()) { $0.append($1) }
        }
        #expect(outcomes.count == 200 && outcomes.allSatisfy { $0.1.changed })
        // Four pushes per domain: generations 1…4, each given out once.
        for index in 0..<50 {
            let generations = outcomes.filter { $0.0 == "z\(index).example" }.map(\.1.generation).sorted()
            #expect(generations == [1, 2, 3, 4])
        }
        let reopened = try await opened.reopen()
        #expect(try await reopened.zone("z7.example")?.generation == 4)
        #expect(try await reopened.history(of: "z7.example").count == 4)
    }
}
