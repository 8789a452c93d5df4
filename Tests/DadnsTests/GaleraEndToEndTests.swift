import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// End to end on a real three-node Galera cluster on loopback (`DadnsTestKit.GaleraCluster`):
/// two `dadns serve`, each with its own named, keep their shared store on different Galera nodes
/// while clients push to both and Galera nodes are SIGKILLed. Every rawsave answered `error=0`
/// is recorded in a ledger; none may be lost: at the end both named serve, for every zone, at
/// least the last acknowledged serial, and the same one.
@Suite("Two nodes on a Galera cluster", .serialized, .offThePool)
struct GaleraEndToEndTests {
    /// One DirectAdmin client pushing its own zones, serials rising, through one daemon, from its
    /// own thread. Its ledger is touched by that thread only while it runs, and read by the test
    /// after the thread has finished (hence unchecked).
    final class Client: @unchecked Sendable {
        let ledger: PushLedger
        let zones: [String]
        private(set) var attempted: [String: Set<Int>] = [:]
        private(set) var transportFailures: [String] = []

        init(_ daemon: DadnsProcess, zones: [String]) {
            ledger = PushLedger(daemon)
            self.zones = zones
        }

        /// Pushes each zone once per round with serial `firstSerial + round`, counting each push in `progress`.
        func run(rounds: Int, firstSerial: Int, progress: Progress) {
            for round in 0..<rounds {
                for zone in zones {
                    let serial = firstSerial + round
                    attempted[zone, default: []].insert(serial)
                    do {
                        // Commits wait about 6 s for a killed Galera node to be evicted; DirectAdmin
                        // waits longer than the ledger's usual 10 s, and so do these clients.
                        try ledger.push(zone, serial: serial, timeout: 60)
                    } catch {
                        transportFailures.append("\(zone) serial \(serial): \(error)")
                    }
                    progress.add()
                }
            }
        }
    }

    final class Progress: @unchecked Sendable {
        private let lock = NSLock()
        private var pushes = 0
        func add() { lock.withLock { pushes += 1 } }
        var count: Int { lock.withLock { pushes } }
    }

    /// Runs every client's `rounds` on its own thread at once; `midway` runs on this thread once
    /// `after` pushes were made (while the clients go on), and the call returns when all are done.
    static func pushConcurrently(
        _ clients: [Client], rounds: Int, firstSerial: Int, after: Int, midway: () throws -> Void
    ) throws -> (pushesBefore: Int, seconds: Double) {
        let progress = Progress()
        let done = DispatchGroup()
        let started = Date()
        for client in clients {
            done.enter()
            Thread {
                client.run(rounds: rounds, firstSerial: firstSerial, progress: progress)
                done.leave()
            }.start()
        }
        while progress.count < after && done.wait(timeout: .now() + 0.01) == .timedOut {}
        let before = progress.count
        try midway()
        done.wait()
        return (before, Date().timeIntervalSince(started))
    }

    /// `datastore:` keys for Galera node `index` of `cluster`.
    static func galeraStore(_ cluster: GaleraCluster, node index: Int) -> String {
        """
        type: mysql
        host: 127.0.0.1
        port: \(cluster.nodes[index].port)
        name: \(cluster.database)
        user: \(cluster.username)
        pass: \(cluster.password)
        poll_interval_ms: 100
        """
    }

    @Test func noAcknowledgedPushIsLostWhileGaleraNodesAreKilled() throws {
        let cluster = try GaleraCluster(size: 3)
        defer { cluster.destroy() }
        print("Galera: three nodes synced in \(String(format: "%.1f", cluster.startSeconds)) s, \(cluster.relaunches) relaunched")
        let namedA = try NamedServer()
        defer { namedA.stop() }
        let namedB = try NamedServer()
        defer { namedB.stop() }
        let nodeA = try DadnsProcess(
            backends: DadnsProcess.bindBackend(namedA), app: "node_name: node-a", datastore: Self.galeraStore(cluster, node: 0))
        defer { nodeA.stop(); nodeA.removeFiles() }
        let nodeB = try DadnsProcess(
            backends: DadnsProcess.bindBackend(namedB), app: "node_name: node-b", datastore: Self.galeraStore(cluster, node: 1))
        defer { nodeB.stop(); nodeB.removeFiles() }
        // Four clients, two on each daemon, three zones each.
        let clients = (0..<4).map { index in
            Client(index % 2 == 0 ? nodeA : nodeB, zones: (0..<3).map { "c\(index)-\($0).galera.example" })
        }
        let onA = clients.indices.filter { $0 % 2 == 0 }
        let onB = clients.indices.filter { $0 % 2 == 1 }

        // Galera node 2, which neither daemon uses, is killed in the middle of the pushes: every
        // push is acknowledged all the same.
        let first = try Self.pushConcurrently(clients, rounds: 10, firstSerial: 100, after: 40) { cluster.kill(2) }
        print("Galera: 120 pushes through two daemons in \(String(format: "%.1f", first.seconds)) s, node 2 (used by neither) killed after \(first.pushesBefore)")
        #expect(first.pushesBefore < 120)
        for client in clients {
            #expect(client.ledger.acknowledged == 30, "refused: \(client.ledger.refusals.map(\.body))")
            #expect(client.transportFailures.isEmpty && client.ledger.violations.isEmpty, "\(client.transportFailures) \(client.ledger.violations)")
        }
        let rejoin = try cluster.start(2)
        print("Galera: node 2 rejoined in \(String(format: "%.1f", rejoin)) s")

        // Galera node 1, daemon B's, is killed in the middle of the pushes: A's pushes are all
        // acknowledged; B keeps answering, each push refused (error=1: DirectAdmin sends it again)
        // or acknowledged (what B acknowledges without its database, if it ever does, must be
        // served in the end like the rest), never answered otherwise.
        let second = try Self.pushConcurrently(clients, rounds: 10, firstSerial: 200, after: 40) { cluster.kill(1) }
        let refusedOnB = onB.map { clients[$0].ledger.refusals.count }.reduce(0, +)
        print("Galera: 120 pushes in \(String(format: "%.1f", second.seconds)) s, node 1 (daemon B's) killed after \(second.pushesBefore); B refused \(refusedOnB) of the 60 pushes to it")
        #expect(second.pushesBefore < 120)
        for index in onA { #expect(clients[index].ledger.acknowledged == 60, "refused: \(clients[index].ledger.refusals.map(\.body))") }
        for client in clients {
            #expect(client.transportFailures.isEmpty && client.ledger.violations.isEmpty, "\(client.transportFailures) \(client.ledger.violations)")
        }
        let back = try cluster.start(1)
        print("Galera: node 1 rejoined in \(String(format: "%.1f", back)) s")

        // Both named end up serving the same serial of every zone, none behind its last
        // acknowledged one, and each one that was pushed (a refused push may have committed).
        let probes = [BackendProbe.dns("named A", port: namedA.port), BackendProbe.dns("named B", port: namedB.port)]
        let zones = clients.flatMap(\.zones)
        let converged = Date()
        var problems: [String] = []
        let settled = Dig.waitFor(seconds: 60) {
            problems = Self.problems(clients, probes.map { (try? $0.serials(zones)) ?? [:] })
            return problems.isEmpty
        }
        print("Galera: both named converged \(String(format: "%.1f", Date().timeIntervalSince(converged))) s after node 1 rejoined")
        #expect(settled, "\(problems.prefix(10)) \(nodeB.log().suffix(3000))")
    }

    /// What is wrong with what the named hold (`held`, one map per named) against the clients' ledgers.
    static func problems(_ clients: [Client], _ held: [[String: Int]]) -> [String] {
        var problems: [String] = []
        for client in clients {
            for zone in client.zones {
                let serials = held.map { $0[zone] }
                let acknowledged = client.ledger.lastAcked[zone] ?? 0
                guard let serial = serials[0], serials.allSatisfy({ $0 == serial }) else {
                    problems.append("\(zone): the named hold \(serials)")
                    continue
                }
                if serial < acknowledged { problems.append("\(zone): \(serial) served, \(acknowledged) acknowledged") }
                if client.attempted[zone]?.contains(serial) != true { problems.append("\(zone): \(serial) was never pushed") }
            }
        }
        return problems
    }
}
