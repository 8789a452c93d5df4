import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// Issue 17, the crash test of the shared store: two `dadns serve` nodes, each with its own
/// named, share one real MariaDB. Concurrent DirectAdmin clients push new and changed zones to
/// both nodes in turn and delete some; node A is SIGKILLed while batches are in flight and
/// restarted on the same directory and port. Both named must end up serving the newest
/// acknowledged serial of every zone (or a newer one whose answer the kill swallowed) and
/// refusing every zone whose delete was acknowledged: 0 lost, 0 resurrected deletes.
@Suite("Shared store: a node killed mid-batch", .serialized, .offThePool)
struct SharedStoreCrashTests {
    static let clients = 4
    static let zonesPerClient = 40
    static let deletedPerClient = 8
    static let rounds = 6
    /// How long node A stays dead: node B keeps taking pushes meanwhile.
    static let downSeconds = 1.0

    @Test func bothNamedServeEveryAcknowledgedChangeAfterANodeIsKilled() throws {
        signal(SIGPIPE, SIG_IGN)  // a request written to the node being killed must fail, not end the test process
        let database = try MariaDBServer()
        defer { database.destroy() }
        let namedA = try NamedServer()
        defer { namedA.stop() }
        let namedB = try NamedServer()
        defer { namedB.stop() }
        func startNode(_ name: String, _ named: NamedServer, directory: URL? = nil, port: Int? = nil) throws -> DadnsProcess {
            try DadnsProcess(directory: directory, port: port, backends: DadnsProcess.bindBackend(named),
                             app: "node_name: \(name)", datastore: DadnsProcess.sharedStore(database))
        }
        var nodeA = try startNode("node-a", namedA)
        defer { nodeA.stop(); nodeA.removeFiles() }
        let nodeB = try startNode("node-b", namedB)
        defer { nodeB.stop(); nodeB.removeFiles() }
        let ports = [nodeA.port, nodeB.port]

        let ledger = ClusterPushLedger()
        let finished = DispatchGroup()
        let started = Date()
        for client in 0..<Self.clients {
            finished.enter()
            Thread.detachNewThread {
                Self.runClient(client, ledger: ledger, ports: ports)
                finished.leave()
            }
        }

        // Node A dies once a third of the pushes are acknowledged, with every client mid-stream.
        let total = Self.clients * (Self.zonesPerClient * Self.rounds + 2 * Self.deletedPerClient)
        #expect(DadnsProcess.waitFor(seconds: 120) { ledger.acknowledged >= total / 3 }, "\(nodeA.log().suffix(3000))")
        let acknowledgedAtKill = ledger.acknowledged
        nodeA.crash()
        _ = nodeA.process.wait(timeout: 10)
        let killedAt = Date()
        Thread.sleep(forTimeInterval: Self.downSeconds)
        nodeA = try startNode("node-a", namedA, directory: nodeA.directory, port: nodeA.port)
        let restartSeconds = Date().timeIntervalSince(killedAt)
        let acknowledgedByABeforeRestart = ledger.acknowledged(by: nodeA.port)
        #expect(finished.wait(timeout: .now() + 300) == .success, "the clients did not finish")
        let pushedFor = Date().timeIntervalSince(started)
        #expect(ledger.acknowledged(by: nodeA.port) > acknowledgedByABeforeRestart, "the restarted node A took no push: the kill was not mid-stream")

        // Converged: both named hold the ledger's final state.
        let zones = ledger.snapshot.keys.sorted()
        let namedServers = [namedA, namedB]
        var last: [(lost: [String], resurrected: [String])] = []
        let convergeStart = Date()
        let converged = DadnsProcess.waitFor(seconds: 90) {
            last = namedServers.map { named in
                let served = ((try? Dig.soaRecords(port: named.port, zones: zones)) ?? [:]).compactMapValues(BackendProbe.serial(ofSOA:))
                return ledger.compare(served: served)
            }
            return last.allSatisfy { $0.lost.isEmpty && $0.resurrected.isEmpty }
        }
        let convergeSeconds = Date().timeIntervalSince(convergeStart)
        for (name, result) in zip(["named A", "named B"], last) {
            #expect(result.lost.isEmpty, "\(name) lost acknowledged changes: \(result.lost.prefix(20))\n\(nodeA.log().suffix(3000))")
            #expect(result.resurrected.isEmpty, "\(name) serves deleted zones: \(result.resurrected.prefix(20))")
        }
        #expect(converged)
        // A zone whose delete was acknowledged is refused, not merely unanswered.
        let deleted = ledger.snapshot.filter { $0.value.deleteAcked }.keys.sorted()
        #expect(!deleted.isEmpty)
        for named in namedServers {
            for domain in deleted.prefix(8) {
                #expect(try named.query(domain, "SOA").status == "REFUSED", "\(domain)")
            }
        }
        #expect(ledger.violations.isEmpty, "answers neither acknowledged nor refused: \(ledger.violations)")

        let acknowledgedDeletes = deleted.count
        print(String(format: """
            shared store crash test: %d requests, %d acknowledged (%d deletes; %d by node A after its restart), \
            %d unanswered by the killed node, %d refused at connect while it was down; node A killed after %d acknowledged, \
            back after %.2f s; pushes took %.2f s; both named converged %.2f s after the last push
            """, total, ledger.acknowledged, acknowledgedDeletes, ledger.acknowledged(by: nodeA.port) - acknowledgedByABeforeRestart,
            ledger.unanswered, ledger.notDelivered, acknowledgedAtKill, restartSeconds, pushedFor, convergeSeconds))
    }

    /// One DirectAdmin client: its own zones (so pushes of one zone never race each other), each
    /// push to the other node than the last. Round 1 creates every zone, later rounds change them;
    /// the zones to delete are created in round 1 and deleted in round 3. A request that is not
    /// acknowledged costs the client 50 ms more (as an error shown to a DirectAdmin user would), so
    /// that pushes are still coming when the killed node is back.
    static func runClient(_ client: Int, ledger: ClusterPushLedger, ports: [Int]) {
        var turn = client
        func nextPort() -> Int {
            turn += 1
            return ports[turn % ports.count]
        }
        func paced(_ acknowledged: Bool) {
            if !acknowledged { Thread.sleep(forTimeInterval: 0.05) }
        }
        for round in 1...rounds {
            for index in 0..<zonesPerClient {
                paced(ledger.push("c\(client)-z\(index).crash.example", serial: round, port: nextPort()))
                if index < deletedPerClient && round == 1 {
                    paced(ledger.push("c\(client)-d\(index).crash.example", serial: 1, port: nextPort()))
                }
                if index < deletedPerClient && round == 3 {
                    paced(ledger.delete("c\(client)-d\(index).crash.example", port: nextPort()))
                }
            }
        }
    }
}
