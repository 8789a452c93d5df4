import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// End to end: a `dadns serve` node on a shared MariaDB store whose database goes away.
/// DirectAdmin never retries, so the node takes its changes into the local spool, acknowledges
/// them, keeps its named serving, and forwards them in order once the database answers; a
/// SIGKILL while changes wait loses none of them.
@Suite("A node's spool while the shared database is unreachable", .serialized, .offThePool)
struct SpoolEndToEndTests {
    func push(_ node: DadnsProcess, _ domain: String, address: String) throws -> RawHTTPClient.Reply {
        try node.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domain)&hostname=da1.example&username=bob",
            DirectAdminToNamedTests.zone(domain, serial: 7, address: address))
    }

    func spool(_ node: DadnsProcess) throws -> [String: Any] {
        try node.status()["spool"] as? [String: Any] ?? [:]
    }

    func spoolDepthGauge(_ node: DadnsProcess) throws -> Double? {
        try PrometheusText(node.get("/metrics").body).samples.first { $0.name == "dadns_spool_depth" }?.value
    }

    @Test func changesWhileTheDatabaseIsDownAreAcknowledgedSpooledAndAppliedInOrderWhenItAnswers() throws {
        let database = try MariaDBServer()
        defer { database.destroy() }
        let named = try NamedServer()
        defer { named.stop() }
        let node = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named), app: "node_name: node-a", datastore: DadnsProcess.sharedStore(database))
        defer { node.stop(); node.removeFiles() }
        let early = (0..<3).map { "early\($0).example" }
        for domain in early { #expect(try push(node, domain, address: "192.0.2.1").body == "error=0") }
        for domain in early {
            #expect(try named.waitFor { try named.query("www.\(domain)", "A").answer == ["192.0.2.1"] }, "\(node.log().suffix(3000))")
        }
        #expect(try spool(node)["depth"] as? Int == 0)

        database.stop()
        let new = (0..<20).map { "new\($0).example" }
        for domain in new {
            let reply = try push(node, domain, address: "192.0.2.2")
            #expect(reply.status == 200 && reply.body == "error=0", "\(domain): \(reply.body)")
        }
        let deleted = try node.send("POST", "/CMD_API_DNS_ADMIN", "action=delete&cluster=yes&hostname=da1.example&select0=early1.example")
        #expect(deleted.status == 200 && deleted.body == "error=0", "\(deleted.body)")

        // Only a valid change is acknowledged: the zone text is checked before the spool.
        let invalid = try node.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=bad.example&hostname=da1.example", "bad.example. IN SOA broken\n")
        #expect(invalid.body.hasPrefix("error=1"), "\(invalid.body)")

        let status = try node.status()
        let spool = status["spool"] as? [String: Any] ?? [:]
        #expect(spool["depth"] as? Int == 21, "\(spool)")
        #expect((spool["oldestAgeSeconds"] as? Double).map { $0 >= 0 } == true, "\(spool)")
        #expect(spool["unreachableSince"] is String, "\(spool)")
        #expect(status["status"] as? String == "degraded", "\(status)")
        let reasons = status["reasons"] as? [String] ?? []
        #expect(reasons.contains { $0.contains("21 change(s) wait to be forwarded") }, "\(reasons)")
        #expect(reasons.contains { $0.hasPrefix("shared database unreachable") }, "\(reasons)")
        let human = try node.cli(["status"])
        #expect(human.status == 1 && human.output.contains("spool: 21 change(s) waiting"), "\(human.output)")
        #expect(try DadnsProcess.waitFor { try spoolDepthGauge(node) == 21 })
        #expect(node.log().contains("rawsave new19.example from da1.example: 5 records, spooled"), "\(node.log().suffix(2000))")
        #expect(node.log().contains("delete early1.example from da1.example: spooled"))
        // The backend keeps serving what it held, the zone deleted meanwhile too.
        for domain in early { #expect(try named.query("www.\(domain)", "A").answer == ["192.0.2.1"]) }

        try database.start()
        #expect(try DadnsProcess.waitFor(seconds: 60) { try self.spool(node)["depth"] as? Int == 0 }, "\(node.log().suffix(3000))")
        for domain in new {
            #expect(try named.waitFor { try named.query("www.\(domain)", "A").answer == ["192.0.2.2"] }, "\(domain)")
        }
        #expect(try named.waitFor { try named.query("early1.example", "SOA").status == "REFUSED" })
        for domain in ["early0.example", "early2.example"] { #expect(try named.query("www.\(domain)", "A").answer == ["192.0.2.1"]) }
        #expect(try DadnsProcess.waitFor { try node.status()["status"] as? String == "ok" }, "\((try? node.status()) ?? [:])")
        #expect(try spoolDepthGauge(node) == 0)
        // Forwarded in the order DirectAdmin sent them.
        let forwarded = node.log().split(separator: "\n").compactMap { line -> String? in
            guard line.contains(" forwarded: "), let range = line.range(of: "spooled ") else { return nil }
            return line[range.upperBound...].split(separator: " ").prefix(3).joined(separator: " ")
        }
        #expect(forwarded == new.map { "save of \($0)" } + ["delete of early1.example"], "\(forwarded)")
    }

    @Test func changesSpooledBeforeAKillAreForwardedAfterTheRestart() throws {
        let database = try MariaDBServer()
        defer { database.destroy() }
        let named = try NamedServer()
        defer { named.stop() }
        let backends = DadnsProcess.bindBackend(named)
        let node = try DadnsProcess(backends: backends, app: "node_name: node-a", datastore: DadnsProcess.sharedStore(database))
        defer { node.removeFiles() }

        database.stop()
        let domains = (0..<5).map { "kept\($0).example" }
        for domain in domains { #expect(try push(node, domain, address: "192.0.2.3").body == "error=0") }
        #expect(try spool(node)["depth"] as? Int == 5)
        node.crash()
        _ = node.process.wait()
        #expect(FileManager.default.fileExists(atPath: node.directory.appendingPathComponent("data/spool.db").path))

        try database.start()
        let restarted = try DadnsProcess(
            directory: node.directory, backends: backends, app: "node_name: node-a", datastore: DadnsProcess.sharedStore(database))
        defer { restarted.stop() }
        for domain in domains {
            #expect(try named.waitFor { try named.query("www.\(domain)", "A").answer == ["192.0.2.3"] }, "\(restarted.log().suffix(3000))")
        }
        #expect(try DadnsProcess.waitFor { try self.spool(restarted)["depth"] as? Int == 0 })
        #expect(restarted.log().contains("spool: 5 change(s) accepted earlier wait to be forwarded"))
    }

    @Test func aNodeStartsWhileTheDatabaseIsDownAndOpensTheStoreWhenItAnswers() throws {
        let database = try MariaDBServer()
        defer { database.destroy() }
        let named = try NamedServer()
        defer { named.stop() }
        database.stop()
        let node = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named), app: "node_name: node-a", datastore: DadnsProcess.sharedStore(database))
        defer { node.stop(); node.removeFiles() }
        #expect(node.log().contains("the shared database does not answer"), "\(node.log().suffix(3000))")
        let domains = (0..<3).map { "late\($0).example" }
        for domain in domains { #expect(try push(node, domain, address: "192.0.2.4").body == "error=0") }
        let status = try node.status()
        #expect(status["status"] as? String == "degraded" && (status["spool"] as? [String: Any])?["depth"] as? Int == 3, "\(status)")

        try database.start()
        for domain in domains {
            #expect(try named.waitFor { try named.query("www.\(domain)", "A").answer == ["192.0.2.4"] }, "\(node.log().suffix(3000))")
        }
        #expect(try DadnsProcess.waitFor { try node.status()["status"] as? String == "ok" }, "\((try? node.status()) ?? [:])")
    }
}
