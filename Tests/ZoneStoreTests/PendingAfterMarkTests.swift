import Foundation
import Testing
import DadnsTestKit
@testable import ZoneStore

/// Once a backend's pending query found nothing due, the store answers later ones (and the
/// backlog) from the zones changed since and the pairs not `ok` (`PendingWatermarks`). Every way
/// a pair can fall behind must still show: each step is checked against the same data opened
/// afresh, whose first query compares every zone.
@Suite("Pending work after a lane caught up")
struct PendingAfterMarkTests {
    func push(_ domain: String, _ text: String = "a") -> ZonePush {
        ZonePush(
            domain: domain, canonicalText: "\(domain). 300 IN TXT \"\(text)\"\n", recordCount: 1, contentHash: "h-\(text)",
            serial: 7, hostname: "da1.example", username: "user", clientAddress: "192.0.2.9", source: .directAdmin)
    }

    /// Applies everything due at `now` (failing `failing`) until nothing is due: a lane's loop.
    func drain(_ store: any ZoneStore, now: Double, failing: Set<String> = []) async throws {
        while true {
            let due = try await store.pending(backend: "bind", now: now, limit: 2)
            guard !due.isEmpty else { return }
            try await store.markSent(backend: "bind", domains: due.filter { $0.present && !$0.tracked }.map(\.domain))
            try await store.record(
                backend: "bind",
                outcomes: due.map { ($0, failing.contains($0.domain) ? .failed(error: "down", retryAt: now + 1_000, scheduleUsedUp: false) : .applied) },
                at: now)
        }
    }

    /// What is due at `now`, by domain, after checking that a fresh opening of the data (no
    /// mark: every zone compared) finds the same pending work and backlog.
    func due(_ opened: StoreKind.Opened, now: Double) async throws -> [String] {
        let marked = try await opened.store.pending(backend: "bind", now: now, limit: 100)
        let fresh = try await opened.reopen()
        #expect(try await fresh.pending(backend: "bind", now: now, limit: 100) == marked)
        #expect(try await opened.store.backlog(backend: "bind") == fresh.backlog(backend: "bind"))
        return marked.map(\.domain).sorted()
    }

    @Test(arguments: StoreKind.allCases) func everyWayAPairFallsBehindStillShows(_ kind: StoreKind) async throws {
        let opened = try await kind.open()
        let store = opened.store
        for (index, domain) in ["a.example", "b.example", "c.example"].enumerated() {
            _ = try await store.push(push(domain), at: 10 + Double(index))
        }
        try await drain(store, now: 20)
        #expect(try await due(opened, now: 20) == [])

        // A new zone, accepted at an earlier time than the rest (clocks do not matter).
        _ = try await store.push(push("d.example"), at: 1)
        #expect(try await due(opened, now: 21) == ["d.example"])
        try await drain(store, now: 21)

        // An edit, and a delete of a held zone.
        _ = try await store.push(push("a.example", "edited"), at: 22)
        _ = try await store.delete(
            domain: "b.example", hostname: "da1.example", username: "user", clientAddress: nil, source: .directAdmin, at: 22)
        #expect(try await due(opened, now: 23) == ["a.example", "b.example"])
        try await drain(store, now: 23)
        #expect(try await due(opened, now: 23) == [])

        // Healing requeues a zone; a failure waits for its retry time; `dadns retry` makes it due.
        #expect(try await store.requeue(backend: "bind", domains: ["c.example"], reason: "lacking", at: 24) == 1)
        #expect(try await due(opened, now: 24) == ["c.example"])
        try await drain(store, now: 24, failing: ["c.example"])
        #expect(try await due(opened, now: 25) == [])
        #expect(try await store.backlog(backend: "bind").retrying == 1)
        #expect(try await store.retryNow(backend: "bind", domain: "c.example", at: 26) == 1)
        #expect(try await due(opened, now: 26) == ["c.example"])
        try await drain(store, now: 26)

        // The tombstone of b pruned, then a new zone: its change number is not one seen before.
        _ = try await store.pruneTombstones(olderThan: 1_000)
        _ = try await store.push(push("e.example"), at: 2)
        #expect(try await due(opened, now: 27) == ["e.example"])
        try await drain(store, now: 27)

        // A rollback writes a new generation.
        #expect(try await store.rollback(domain: "a.example", to: 1, at: 28) == .rolledBack(generation: 3))
        #expect(try await due(opened, now: 28) == ["a.example"])
    }
}
