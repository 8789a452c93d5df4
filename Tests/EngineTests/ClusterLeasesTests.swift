import Foundation
import Logging
import Testing
import DadnsTestKit
import Engine
import MariaDB
import ZoneStore

/// `ClusterLeases` on two nodes of a real shared store (MariaDB), on a manual clock: one node at
/// a time runs a job; the holder keeps it by renewing; a holder that stopped renewing loses it
/// once it expired and learns so; a released lease is free at once and not taken again.
@Suite("Cluster leases", .serialized)
struct ClusterLeasesTests {
    final class Job: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        var runs: Int { lock.withLock { count } }
        func run() { lock.withLock { count += 1 } }
    }

    @Test func oneNodeAtATimeRunsTheJobAndTheNextTakesItOverOnceTheHoldersLeaseExpired() async throws {
        let server = try await OffPool.run { try MariaDBServer() }
        defer { server.destroy() }
        let configuration = MariaDBConfiguration(
            host: "127.0.0.1", port: server.port, username: server.username, password: server.password, database: server.database)
        let clock = ManualClock(1_000)
        func leases(_ node: String) async throws -> ClusterLeases {
            let store = try await MariaDBZoneStore(pool: MariaDBPool(library: try MariaDBLibrary.load(), configuration: configuration), nodeName: node)
            return ClusterLeases(coordination: store, leaseSeconds: 3, clock: { clock.now }, logger: Logger(label: node))
        }
        let (a, b) = (try await leases("node-a"), try await leases("node-b"))
        let (onA, onB) = (Job(), Job())

        #expect(await a.run("job") { onA.run() })
        #expect(await !b.run("job") { onB.run() })
        // Renewed by its holder, the lease outlives its first 3 s.
        clock.advance(2)
        await a.renewHeld()
        clock.advance(2)
        #expect(await !b.run("job") { onB.run() })
        #expect(await a.run("job") { onA.run() })
        #expect(onA.runs == 2 && onB.runs == 0)
        // The holder stops renewing (killed): once its lease expired, the other node takes it,
        // and the old holder, asking again, learns it lost it.
        clock.advance(3.5)
        #expect(await b.run("job") { onB.run() })
        #expect(await !a.run("job") { onA.run() })
        await a.renewHeld()
        #expect(try await a.coordination?.lease("job")?.holder == "node-b")
        // A clean stop releases the lease: the other node takes it at once; the stopped one
        // takes no lease again.
        await b.releaseAll()
        #expect(try await a.coordination?.lease("job") == nil)
        #expect(await !b.run("job") { onB.run() })
        #expect(await a.run("job") { onA.run() })
        #expect(onA.runs == 3 && onB.runs == 1)
    }

    @Test func withoutCoordinationEveryPassRuns() async {
        let single = ClusterLeases.singleNode(logger: Logger(label: "single"))
        let job = Job()
        for _ in 0..<3 { #expect(await single.run("job") { job.run() }) }
        await single.releaseAll()
        #expect(job.runs == 3)
    }
}
