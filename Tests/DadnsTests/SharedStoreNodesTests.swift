import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// End to end: two `dadns serve` nodes on one real MariaDB, each with its own named. Each node
/// writes a heartbeat every `datastore.heartbeat_seconds`; `/status` and `dadns status` list every
/// node, report one that stopped answering as silent, and the cluster-wide reconciler runs on
/// one node at a time under a lease that another node takes over once its holder is killed.
@Suite("Nodes sharing a MariaDB store: heartbeats, leases, status", .serialized, .offThePool)
struct SharedStoreNodesTests {
    static func node(
        _ name: String, _ named: NamedServer, _ database: MariaDBServer, directory: URL? = nil, port: Int? = nil, extra: String = ""
    ) throws -> DadnsProcess {
        try DadnsProcess(
            directory: directory, port: port, backends: DadnsProcess.bindBackend(named), app: "node_name: \(name)",
            datastore: DadnsProcess.sharedStore(database) + "\nheartbeat_seconds: 1", extra: extra)
    }

    /// The nodes `/status` of `process` lists, by name.
    static func nodes(_ process: DadnsProcess) throws -> [String: [String: Any]] {
        let store = try process.status()["store"] as? [String: Any] ?? [:]
        let nodes = store["nodes"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: nodes.compactMap { node in (node["name"] as? String).map { ($0, node) } })
    }

    /// `/status` as text, for a failed expectation's message.
    static func statusText(_ process: DadnsProcess) -> Comment {
        Comment(rawValue: (try? process.get("/status").body) ?? "no /status")
    }

    static func silent(_ process: DadnsProcess, _ name: String) throws -> Bool? {
        try nodes(process)[name]?["silent"] as? Bool
    }

    /// The servers two nodes need: one MariaDB they share, a named each.
    final class Servers {
        let database: MariaDBServer
        let named: [NamedServer]
        init() throws {
            database = try MariaDBServer()
            named = [try NamedServer(), try NamedServer()]
        }
        deinit {
            for server in named { server.stop() }
            database.destroy()
        }
    }

    @Test func eachNodeListsBothAndReportsAKilledNodeSilentUntilItIsBack() throws {
        let servers = try Servers()
        // Stopped after the nodes (the first defer runs last).
        defer { withExtendedLifetime(servers) {} }
        let (database, namedA, namedB) = (servers.database, servers.named[0], servers.named[1])
        let nodeA = try Self.node("node-a", namedA, database)
        defer { nodeA.stop(); nodeA.removeFiles() }
        var nodeB = try Self.node("node-b", namedB, database)
        defer { nodeB.stop(); nodeB.removeFiles() }

        let pushed = try nodeA.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=nodes.example&hostname=da1.example&username=bob",
            DirectAdminToNamedTests.zone("nodes.example", serial: 3, address: "192.0.2.3"))
        #expect(pushed.body == "error=0", "\(pushed.body)")
        for named in [namedA, namedB] {
            #expect(try named.waitFor { try named.query("www.nodes.example", "A").answer == ["192.0.2.3"] })
        }
        // Each node lists both, neither silent, each with its own backend's applied state.
        for process in [nodeA, nodeB] {
            #expect(try DadnsProcess.waitFor {
                let nodes = try Self.nodes(process)
                return nodes.count == 2 && nodes.values.allSatisfy { $0["silent"] as? Bool == false }
                    && nodes.values.allSatisfy { ($0["backends"] as? [[String: Any]])?.first?["applied"] as? Int == 1 }
            }, Self.statusText(process))
            let store = try #require(try process.status()["store"] as? [String: Any])
            #expect(store["kind"] as? String == "mysql" && store["heartbeatSeconds"] as? Double == 1)
            // The daemon's spool in front of the shared store commits at `datastore.synchronous` (FULL unless set).
            #expect(store["synchronous"] as? String == "full")
            let node = try #require(try Self.nodes(process)["node-a"])
            #expect(JSONTime.seconds(node["lastHeartbeat"]) != nil && node["ageSeconds"] as? Double != nil)
            #expect(node["version"] as? String != nil)
            let backend = try #require((node["backends"] as? [[String: Any]])?.first)
            #expect(backend["name"] as? String == "bind" && backend["pending"] as? Int == 0 && backend["failed"] as? Int == 0)
            #expect(store["node"] as? String == (process === nodeA ? "node-a" : "node-b"))
        }
        // Journal pruning runs on one node: node A, started first, took its lease; B skips it.
        let leases = try #require((try nodeB.status()["store"] as? [String: Any])?["leases"] as? [[String: Any]])
        #expect(leases.contains { $0["name"] as? String == "journal-pruning" && $0["holder"] as? String == "node-a" }, "\(leases)")
        #expect(nodeA.log().contains("journal-pruning: this node (node-a) takes the lease and runs the job"))
        #expect(nodeB.log().contains("journal-pruning: skipped, node node-a holds the lease"), "\(nodeB.log().suffix(3000))")
        #expect(try nodeA.status()["status"] as? String == "ok", Self.statusText(nodeA))
        let healthy = try nodeA.cli(["status"])
        #expect(healthy.status == 0 && healthy.output.contains("nodes (store mysql, this node node-a"), "\(healthy.output)")

        // Node B is killed: within 3 heartbeat intervals and a little, node A reports it silent.
        nodeB.crash()
        let killedAt = Date()
        #expect(try DadnsProcess.waitFor(seconds: 10) { try Self.silent(nodeA, "node-b") == true }, Self.statusText(nodeA))
        let noticed = Date().timeIntervalSince(killedAt)
        // Not before 3 intervals less the one since its last heartbeat; not long after.
        #expect(noticed >= 1.9 && noticed < 10, "silent after \(noticed) s")
        let status = try nodeA.status()
        #expect(status["status"] as? String == "degraded")
        #expect((status["reasons"] as? [String] ?? []).contains { $0.hasPrefix("node node-b: silent") }, "\(status)")
        #expect(try Self.silent(nodeA, "node-a") == false)
        let degraded = try nodeA.cli(["status"])
        #expect(degraded.status == 1, "\(degraded.output)")
        #expect(degraded.output.contains("node node-b: silent"), "\(degraded.output)")
        #expect(degraded.output.split(separator: "\n").contains { $0.hasPrefix("node-b") && $0.contains("SILENT") }, "\(degraded.output)")

        // Read from the shared database without a daemon (--offline): the same nodes.
        let offline = try nodeB.cli(["status", "--offline"])
        #expect(offline.output.split(separator: "\n").contains { $0.hasPrefix("node-b (this)") && $0.contains("SILENT") }, "\(offline.output)")
        #expect(offline.output.contains("(read from mysql \(database.username)@127.0.0.1:\(database.port)/\(database.database) as node node-b)"),
                "\(offline.output)")

        // Back: healthy again.
        nodeB = try Self.node("node-b", namedB, database, directory: nodeB.directory)
        #expect(try DadnsProcess.waitFor(seconds: 10) { try Self.silent(nodeA, "node-b") == false }, Self.statusText(nodeA))
        #expect(try nodeA.status()["status"] as? String == "ok", Self.statusText(nodeA))
        #expect(try nodeA.cli(["status"]).status == 0)
    }

    @Test func aSQLiteStoreSaysSoAndListsNoNodes() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(backends: DadnsProcess.bindBackend(named), app: "node_name: solo")
        defer { daemon.stop(); daemon.removeFiles() }
        let store = try #require(try daemon.status()["store"] as? [String: Any])
        // No cluster fields (heartbeat, nodes, leases): the kind, the node and the store's durability (`datastore.synchronous`).
        #expect(store.keys.sorted() == ["kind", "node", "synchronous"] && store["kind"] as? String == "sqlite" && store["node"] as? String == "solo")
        #expect(store["synchronous"] as? String == "full")
        let human = try daemon.cli(["status"])
        #expect(human.status == 0 && !human.output.contains("nodes") && !human.output.contains("lease"), "\(human.output)")
        // Every pass runs here: no lease is taken or waited for.
        #expect(!daemon.log().contains("takes the lease") && !daemon.log().contains("skipped, node"))
    }

    @Test func theReconcilerRunsOnOneNodeAtATimeAndAKilledHoldersLeaseIsTakenOver() throws {
        let servers = try Servers()
        // Stopped after the nodes (the first defer runs last).
        defer { withExtendedLifetime(servers) {} }
        let (database, namedA, namedB) = (servers.database, servers.named[0], servers.named[1])
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        // A pass every 0.6 s on both nodes; the lease lasts 3 heartbeats (3 s).
        let reconciliation = ReconcilerEndToEndTests.reconciliation(fake)
        var nodes = [
            try Self.node("node-a", namedA, database, extra: reconciliation),
            try Self.node("node-b", namedB, database, extra: reconciliation),
        ]
        defer { for node in nodes { node.stop(); node.removeFiles() } }
        func passes(_ node: DadnsProcess) throws -> Int { (try node.status()["reconciler"] as? [String: Any])?["passes"] as? Int ?? 0 }
        func runs(_ node: DadnsProcess) -> Int { node.log().components(separatedBy: "[reconciler] Starting reconciliation pass").count - 1 }

        #expect(try DadnsProcess.waitFor { try nodes.contains { try passes($0) >= 4 } })
        let holderIndex = try passes(nodes[0]) >= 4 ? 0 : 1
        let (holder, other) = (nodes[holderIndex], nodes[1 - holderIndex])
        let (holderName, otherName) = holderIndex == 0 ? ("node-a", "node-b") : ("node-b", "node-a")
        // Several intervals on: every pass ran on the holder, none on the other node, which skipped.
        Thread.sleep(forTimeInterval: 2)
        #expect(try passes(holder) >= 5 && runs(holder) >= 5)
        #expect(try passes(other) == 0 && runs(other) == 0, "\(other.log().suffix(3000))")
        #expect(holder.log().contains("reconciler: this node (\(holderName)) takes the lease and runs the job"), "\(holder.log().suffix(3000))")
        #expect(other.log().contains("reconciler: skipped, node \(holderName) holds the lease"))
        let leases = try #require((try other.status()["store"] as? [String: Any])?["leases"] as? [[String: Any]])
        let lease = try #require(leases.first { $0["name"] as? String == "reconciler" })
        #expect(lease["holder"] as? String == holderName && lease["expired"] as? Bool == false && JSONTime.seconds(lease["until"]) != nil)
        #expect(try other.cli(["status"]).output.contains("lease reconciler: \(holderName), until "))

        // The holder is killed: once its lease expired (3 s), the other node takes the job over.
        holder.crash()
        let killedAt = Date()
        #expect(try DadnsProcess.waitFor(seconds: 15) { try passes(other) >= 1 }, "\(other.log().suffix(3000))")
        let tookOver = Date().timeIntervalSince(killedAt)
        // Not before the lease (3 s from its last renewal, at most 1 s before the kill) expired.
        #expect(tookOver >= 1.9 && tookOver < 12, "took over after \(tookOver) s")
        #expect(other.log().contains("reconciler: this node (\(otherName)) takes the lease over from node \(holderName), whose lease expired"))

        // The killed node comes back: it leaves the job where it is. A clean stop of the new
        // holder releases the lease, and the node that came back takes it at once.
        let restarted = try Self.node(holderName, holderIndex == 0 ? namedA : namedB, database, directory: holder.directory, extra: reconciliation)
        nodes[holderIndex] = restarted
        Thread.sleep(forTimeInterval: 2)
        #expect(try passes(restarted) == 0, "\(restarted.log().suffix(3000))")
        #expect(other.stop() == 0)
        #expect(other.log().contains("reconciler: lease released"))
        #expect(try DadnsProcess.waitFor(seconds: 10) { try passes(restarted) >= 1 }, "\(restarted.log().suffix(3000))")
        // Taken as a free lease (the row was gone), not over from an expired one (the log file
        // is the one the node wrote before it was killed too: its last such line).
        let taken = restarted.log().split(separator: "\n").filter { $0.contains("reconciler: this node") }
        #expect(taken.last?.hasSuffix("reconciler: this node (\(holderName)) takes the lease and runs the job") == true, "\(taken)")
    }
}
