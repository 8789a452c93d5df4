import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// The zone history through the daemon, against a real named: versions pushed by DirectAdmin,
/// their diff, and a rollback named then serves.
@Suite("Zone history: diff and rollback end to end", .serialized, .offThePool)
struct ZoneHistoryEndToEndTests {
    static let domain = "history.example"

    static func push(_ daemon: DadnsProcess, serial: Int) throws {
        let reply = try daemon.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domain)&hostname=da1.example&username=bob",
            DirectAdminToNamedTests.zone(domain, serial: serial, address: "192.0.2.1\(serial)"))
        #expect(reply.status == 200 && reply.body == "error=0", "\(reply.body)")
    }

    static func serves(_ named: NamedServer, serial: Int) throws -> Bool {
        try named.query(domain, "SOA").answer.first?.contains(" \(serial) 3600 ") == true
            && named.query("www.\(domain)", "A").answer == ["192.0.2.1\(serial)"]
    }

    @Test func pushedVersionsDiffAndARollbackIsServedAsANewGeneration() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(backends: DadnsProcess.bindBackend(named), extra: "healing: {enabled: false}")
        defer { daemon.stop(); daemon.removeFiles() }
        for serial in 1...3 {
            try Self.push(daemon, serial: serial)
            #expect(try DadnsProcess.waitFor { try Self.serves(named, serial: serial) }, "v\(serial) not served: \(daemon.log())")
        }

        // Previous against current: the records that changed, in canonical form.
        let diff = try daemon.cli(["zone", "diff", Self.domain])
        #expect(diff.status == 0, "\(diff.output)")
        let lines = diff.output.split(separator: "\n").map(String.init)
        #expect(lines.prefix(2) == ["--- \(Self.domain) generation 2", "+++ \(Self.domain) generation 3"], "\(diff.output)")
        #expect(lines.contains("-www.\(Self.domain).\t3600\tIN\tA\t192.0.2.12"), "\(diff.output)")
        #expect(lines.contains("+www.\(Self.domain).\t3600\tIN\tA\t192.0.2.13"), "\(diff.output)")
        let changed = lines.dropFirst(2).filter { $0.hasPrefix("-") || $0.hasPrefix("+") }
        #expect(changed.count == 4 && changed.filter { $0.contains("\tSOA\t") }.count == 2, "SOA and A changed only: \(diff.output)")
        let wide = try daemon.cli(["zone", "diff", Self.domain, "1", "3"])
        #expect(wide.output.contains("-www.\(Self.domain).\t3600\tIN\tA\t192.0.2.11"), "\(wide.output)")

        // Without a terminal a rollback needs --yes.
        let unconfirmed = try daemon.cli(["zone", "rollback", Self.domain, "--to", "1"])
        #expect(unconfirmed.status != 0 && unconfirmed.output.contains("--yes"), "\(unconfirmed.output)")
        let rolled = try daemon.cli(["zone", "rollback", Self.domain, "--to", "1", "--yes"])
        #expect(rolled.status == 0 && rolled.output.contains("stored as generation 4"), "\(rolled.output)")
        #expect(rolled.output.contains("warning: the restored serial 1 is not above the zone's previous serial 3"), "\(rolled.output)")
        #expect(try DadnsProcess.waitFor { try Self.serves(named, serial: 1) }, "the rollback was not served: \(daemon.log())")

        let history = try daemon.cli(["zone", "history", Self.domain, "--json"])
        let listing = try #require(try JSONSerialization.jsonObject(with: Data(history.output.utf8)) as? [String: Any], "\(history.output)")
        #expect(listing["generation"] as? Int == 4)
        let versions = listing["versions"] as? [[String: Any]] ?? []
        #expect(versions.compactMap { $0["generation"] as? Int } == [4, 3, 2, 1])
        #expect(versions.compactMap { $0["source"] as? String } == ["cli", "directadmin", "directadmin", "directadmin"])
        #expect(versions.compactMap { $0["serial"] as? Int } == [1, 3, 2, 1])
        #expect(versions.last?["hostname"] as? String == "da1.example")
        let table = try daemon.cli(["zone", "history", Self.domain])
        #expect(table.output.contains("*4 ") && table.output.contains("da1.example/bob"), "\(table.output)")
        let shown = try daemon.cli(["zone", "show", Self.domain])
        #expect(shown.output.contains("save generation 4 from cli: rollback to generation 1"), "\(shown.output)")

        // The same operations under /api, and their refusals.
        #expect(try daemon.get("/api/zones/\(Self.domain)/history").status == 200)
        #expect(try daemon.get("/api/zones/\(Self.domain)/diff?from=3&to=4").body.contains("+www.\(Self.domain).\\t3600\\tIN\\tA\\t192.0.2.11"))
        #expect(try daemon.get("/api/zones/\(Self.domain)/diff?from=x").status == 400)
        #expect(try daemon.get("/api/zones/nope.example/history").status == 404)
        #expect(try daemon.send("POST", "/api/zones/\(Self.domain)/rollback?to=99", "").status == 404)
        let unknown = try daemon.cli(["zone", "rollback", Self.domain, "--to", "99", "--yes"])
        #expect(unknown.status != 0 && unknown.output.contains("no kept version at generation 99"), "\(unknown.output)")
        let again = try daemon.send("POST", "/api/zones/\(Self.domain)/rollback?to=1", "")
        #expect(again.status == 200 && again.body.contains("\"changed\" : false"), "\(again.body)")

        let deleted = try daemon.send("POST", "/CMD_API_DNS_ADMIN", "action=delete&cluster=yes&hostname=da1.example&select0=\(Self.domain)")
        #expect(deleted.status == 200, "\(deleted.body)")
        #expect(try daemon.send("POST", "/api/zones/\(Self.domain)/rollback?to=2", "").status == 409)
    }
}
