import Foundation
import Testing
import DadnsTestKit
import MariaDB
@testable import ZoneStore

/// The store queries behind `/status`'s nodes: each node's backends' applied state, and every
/// lease. Only the shared store (MariaDB) has them: SQLite is a store of one node.
@Suite("Zone store on MariaDB: applied state per node, leases", .serialized)
struct ClusterCoordinationTests {
    func store(_ configuration: MariaDBConfiguration, node: String) async throws -> MariaDBZoneStore {
        try await MariaDBZoneStore(pool: MariaDBPool(library: try MariaDBLibrary.load(), configuration: configuration), nodeName: node)
    }

    func push(_ domain: String, _ text: String) -> ZonePush {
        ZonePush(
            domain: domain, canonicalText: "\(domain). 300 IN TXT \"\(text)\"\n", recordCount: 1, contentHash: "h-\(text)",
            serial: 7, hostname: "da1.example", username: "user", clientAddress: nil, source: .directAdmin)
    }

    /// Records `results` for the zones `backend` of `node` has pending, by domain.
    func apply(_ node: MariaDBZoneStore, backend: String, _ results: [String: ApplyResult]) async throws {
        let pending = try await node.pending(backend: backend, now: 100, limit: 100)
        try await node.markSent(backend: backend, domains: pending.map(\.domain))
        try await node.record(
            backend: backend, outcomes: pending.compactMap { change in results[change.domain].map { (change, $0) } }, at: 100)
    }

    @Test func appliedCountsArePerNodeAndBackendAndCountZonesANodeNeverSawAsPending() async throws {
        let configuration = try await SharedMariaDB.newDatabase()
        let (a, b) = (try await store(configuration, node: "node-a"), try await store(configuration, node: "node-b"))
        #expect(try await a.appliedCounts() == [])
        for index in 1...4 { _ = try await a.push(push("z\(index).example", "v1"), at: Double(index)) }
        try await apply(a, backend: "bind", [
            "z1.example": .applied, "z2.example": .applied,
            "z3.example": .failed(error: "rndc: timeout", retryAt: 200, scheduleUsedUp: false),
            "z4.example": .failed(error: "rndc: timeout", retryAt: 200, scheduleUsedUp: true),
        ])
        try await apply(a, backend: "nsd", ["z1.example": .applied, "z2.example": .applied, "z3.example": .applied, "z4.example": .applied])
        // Node B's backend applied one zone; it has no row yet for the three others.
        let pendingOnB = try await b.pending(backend: "bind", now: 100, limit: 100).filter { $0.domain == "z1.example" }
        try await b.record(backend: "bind", outcomes: pendingOnB.map { ($0, .applied) }, at: 100)
        #expect(try await b.appliedCounts() == [
            NodeBackendCounts(node: "node-a", backend: "bind", applied: 2, pending: 0, retrying: 1, failed: 1),
            NodeBackendCounts(node: "node-a", backend: "nsd", applied: 4, pending: 0, retrying: 0, failed: 0),
            NodeBackendCounts(node: "node-b", backend: "bind", applied: 1, pending: 3, retrying: 0, failed: 0),
        ])
        // A new generation of z1 and a delete of z2 (accepted by node B) are pending on every node.
        _ = try await b.push(push("z1.example", "v2"), at: 10)
        _ = try await b.delete(domain: "z2.example", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin, at: 11)
        #expect(try await a.appliedCounts() == [
            NodeBackendCounts(node: "node-a", backend: "bind", applied: 0, pending: 2, retrying: 1, failed: 1),
            NodeBackendCounts(node: "node-a", backend: "nsd", applied: 2, pending: 2, retrying: 0, failed: 0),
            NodeBackendCounts(node: "node-b", backend: "bind", applied: 0, pending: 3, retrying: 0, failed: 0),
        ])
    }

    @Test func leasesListEveryLeaseWithItsHolderUntilItIsReleased() async throws {
        let configuration = try await SharedMariaDB.newDatabase()
        let (a, b) = (try await store(configuration, node: "node-a"), try await store(configuration, node: "node-b"))
        #expect(try await a.leases() == [])
        #expect(try await a.acquireLease("reconciler", for: 15, at: 1_000))
        #expect(try await b.acquireLease("journal-pruning", for: 15, at: 1_001))
        #expect(try await a.leases() == [
            StoreLease(name: "journal-pruning", holder: "node-b", acquiredAt: 1_001, expiresAt: 1_016),
            StoreLease(name: "reconciler", holder: "node-a", acquiredAt: 1_000, expiresAt: 1_015),
        ])
        try await b.releaseLease("journal-pruning")
        // Releasing a lease another node holds changes nothing.
        try await b.releaseLease("reconciler")
        #expect(try await b.leases() == [StoreLease(name: "reconciler", holder: "node-a", acquiredAt: 1_000, expiresAt: 1_015)])
    }
}
