import Foundation
import Testing
import DadnsTestKit
import MariaDB
import ZoneStore

/// Two stores talking to different nodes of a real three-node Galera cluster on loopback
/// (`DadnsTestKit.GaleraCluster`): certification conflicts between them are retried, and a
/// Galera node killed in the middle of the pushes loses nothing.
@Suite("Zone store on a Galera cluster", .serialized)
struct GaleraStoreTests {
    func push(_ domain: String, _ text: String) -> ZonePush {
        ZonePush(
            domain: domain, canonicalText: "\(domain). 300 IN TXT \"\(text)\"\n", recordCount: 1, contentHash: "h-\(text)",
            serial: 7, hostname: "da1.example", username: "user", clientAddress: nil, source: .directAdmin)
    }

    func store(on cluster: GaleraCluster, node index: Int, name: String) async throws -> MariaDBZoneStore {
        let configuration = MariaDBConfiguration(
            host: "127.0.0.1", port: cluster.nodes[index].port, username: cluster.username, password: cluster.password,
            database: cluster.database, connectTimeout: 5, readTimeout: 30, writeTimeout: 30)
        return try await MariaDBZoneStore(
            pool: MariaDBPool(library: try MariaDBLibrary.load(), configuration: configuration), nodeName: name)
    }

    /// Counts finished pushes, so the Galera node is killed while pushes are still running.
    final class Progress: @unchecked Sendable {
        private let lock = NSLock()
        private var finished = 0
        func finish() { lock.withLock { finished += 1 } }
        var count: Int { lock.withLock { finished } }
    }

    /// Node a (on Galera node 0) and node b (on Galera node 1) push the same six zones at once,
    /// twenty times each zone, and four zones each of their own, ten times each; Galera node 2
    /// is SIGKILLed once a third of the pushes are done. Every push is acknowledged with a
    /// generation of its own, in each zone's journal without a gap, both nodes end with the
    /// highest, and node 2, restarted, catches up by IST and holds the same journals.
    @Test func pushesThroughTwoGaleraNodesLoseNoneWhileAThirdIsKilled() async throws {
        let cluster = try await OffPool.run { try GaleraCluster(size: 3) }  // a minute of start-up and state transfers
        defer { cluster.destroy() }
        print("Galera: three nodes synced in \(String(format: "%.1f", cluster.startSeconds)) s, \(cluster.relaunches) relaunched")
        let stores = [try await store(on: cluster, node: 0, name: "node-a"), try await store(on: cluster, node: 1, name: "node-b")]
        let shared = (0..<6).map { "shared\($0).example" }
        let own = [(0..<4).map { "a\($0).example" }, (0..<4).map { "b\($0).example" }]
        var plan: [(store: Int, domain: String)] = []
        for _ in 0..<10 {
            for domain in shared { plan += [(0, domain), (1, domain)] }
            for side in 0..<2 { plan += own[side].map { (side, $0) } }
        }
        let progress = Progress()
        let killAfter = plan.count / 3
        let started = Date()
        let (outcomes, finishedAtKill) = try await withThrowingTaskGroup(of: Pushed.self) { group in
            for (index, step) in plan.enumerated() {
                let store = stores[step.store]
                let zonePush = push(step.domain, "v\(index)-\(step.store)")
                group.addTask {
                    defer { progress.finish() }
                    return Pushed(index: index, domain: step.domain, outcome: try await store.push(zonePush, at: Double(index)))
                }
            }
            var outcomes: [Pushed] = []
            var finishedAtKill = -1
            for try await outcome in group {
                outcomes.append(outcome)
                if finishedAtKill < 0 && progress.count >= killAfter {
                    finishedAtKill = progress.count
                    cluster.kill(2)
                }
            }
            return (outcomes, finishedAtKill)
        }
        let seconds = Date().timeIntervalSince(started)
        let conflicts = try cluster.conflicts(0) + cluster.conflicts(1)
        print("Galera: \(plan.count) pushes through two nodes in \(String(format: "%.1f", seconds)) s, node 2 killed after \(finishedAtKill); \(conflicts) certification conflicts retried")
        // The kill happened while pushes were still running, and the conflicts were real.
        #expect(finishedAtKill >= killAfter && finishedAtKill < plan.count)
        #expect(conflicts > 0)
        #expect(outcomes.count == plan.count)

        try await OffPool.run { try cluster.waitUntilApplied() }
        let rejoin = try await OffPool.run { try cluster.start(2) }
        print("Galera: node 2 rejoined (IST) in \(String(format: "%.1f", rejoin)) s")
        try await OffPool.run { try cluster.waitUntilApplied() }
        let third = try await store(on: cluster, node: 2, name: "node-c")
        let retriedCommits = outcomes.filter { !$0.outcome.changed }
        print("Galera: \(retriedCommits.count) pushes run again after a lost COMMIT (reported unchanged)")
        for domain in shared + own[0] + own[1] {
            let pushes = outcomes.filter { $0.domain == domain }
            var histories: [[JournalEntry]] = []
            for store in stores + [third] {
                let zone = try #require(try await store.zone(domain))
                let history = try await store.history(of: domain)
                let problems = Self.problems(zone, history, pushes)
                #expect(problems.isEmpty, "\(domain) on \(store.nodeName): \(problems)")
                histories.append(history)
            }
            #expect(histories.allSatisfy { $0 == histories[0] }, "\(domain): the nodes' journals differ")
        }
        // Nothing of the cluster is left once it is destroyed (the three nodes were found before).
        #expect(cluster.leftovers().filter { $0.contains("mariadbd") }.count == 3, "\(cluster.leftovers())")
        cluster.destroy()
        #expect(cluster.leftovers().isEmpty, "\(cluster.leftovers())")
    }

    /// One acknowledged push: its index in the plan (its `at` and its text), zone and outcome.
    struct Pushed: Sendable {
        let index: Int
        let domain: String
        let outcome: PushOutcome
    }

    /// What is wrong with a zone (`zone`, its journal `history`) against the pushes acknowledged for
    /// it: each change has its own generation, 1, 2, 3… with none skipped; each push is in the
    /// journal with the generation it was acknowledged with, and nothing else is; the zone holds
    /// the change with the highest generation. A push whose connection was lost during COMMIT
    /// is run again (docs/store-mariadb.md): finding its own content it is acknowledged as
    /// unchanged with the generation it had committed; after another push it is a change again.
    static func problems(_ zone: DesiredZone, _ history: [JournalEntry], _ pushes: [Pushed]) -> [String] {
        var problems: [String] = []
        let changes = history.filter { $0.detail != "unchanged" }
        if changes.map(\.generation).sorted() != Array(1...max(zone.generation, 1)) || zone.generation < Int64(pushes.count) {
            problems.append("changes with generations \(changes.map(\.generation).sorted()) for \(pushes.count) pushes, the zone at \(zone.generation)")
        }
        for push in pushes where !changes.contains(where: { $0.at == Double(push.index) && $0.generation == push.outcome.generation }) {
            problems.append("push \(push.index) acknowledged with generation \(push.outcome.generation), not in the journal")
        }
        let pushed = Set(pushes.map { Double($0.index) })
        for change in changes where !pushed.contains(change.at) { problems.append("a change nobody pushed: \(change)") }
        let newest = changes.first { $0.generation == zone.generation }
        if zone.updatedAt != newest?.at { problems.append("the zone holds push \(zone.updatedAt), generation \(zone.generation) is push \(newest?.at ?? -1)") }
        return problems
    }
}
