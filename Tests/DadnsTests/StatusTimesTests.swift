import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// Points in time in `/status`, `/api` and the CLI's `--json` are RFC 3339 strings in UTC;
/// durations stay numbers; the CLI reads them back, online and offline alike.
@Suite("Times in /status and /api", .serialized, .offThePool)
struct StatusTimesTests {
    static func isTime(_ value: Any?) -> Bool {
        guard let text = value as? String else { return false }
        return text.wholeMatch(of: #/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/#) != nil
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    @Test func timesAreRFC3339StringsDurationsNumbers() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(backends: DadnsProcess.bindBackend(named))
        defer { daemon.stop(); daemon.removeFiles() }
        let before = Date().timeIntervalSince1970
        let reply = try daemon.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=times.example&hostname=da1.example",
            DirectAdminToNamedTests.zone("times.example", serial: 1, address: "192.0.2.1"))
        #expect(reply.body == "error=0")
        #expect(try named.waitFor { try named.query("times.example", "SOA").status == "NOERROR" })
        #expect(try DadnsProcess.waitFor { try daemon.backendStatus("bind")["lastSuccessAt"] != nil })

        let status = try daemon.status()
        #expect(Self.isTime(status["startedAt"]), "\(status["startedAt"] ?? "nil")")
        #expect(status["uptimeSeconds"] is Double || status["uptimeSeconds"] is Int)
        let bind = try daemon.backendStatus("bind")
        #expect(Self.isTime(bind["lastSuccessAt"]), "\(bind)")
        let batch = try #require(bind["lastBatch"] as? [String: Any])
        #expect(Self.isTime(batch["finishedAt"]) && batch["seconds"] is Double, "\(batch)")
        // The time is the real one, not just a well-formed string.
        let finished = try #require(JSONTime.seconds(batch["finishedAt"]))
        #expect(finished >= before - 1 && finished <= Date().timeIntervalSince1970 + 1)

        let listing = try Self.object(try daemon.get("/api/zones").body)
        let summary = try #require((listing["zones"] as? [[String: Any]])?.first)
        #expect(Self.isTime(summary["updatedAt"]), "\(summary)")
        let detail = try Self.object(try daemon.get("/api/zones/times.example").body)
        let zone = try #require(detail["zone"] as? [String: Any])
        #expect(Self.isTime(zone["updatedAt"]) && Self.isTime(zone["changedAt"]), "\(zone)")
        let pair = try #require((detail["pairs"] as? [[String: Any]])?.first)
        #expect(Self.isTime(pair["lastAttemptAt"]) && pair["nextAttemptAt"] == nil, "\(pair)")
        let entry = try #require((detail["history"] as? [[String: Any]])?.first)
        #expect(Self.isTime(entry["at"]), "\(entry)")

        // The CLI decodes them: the same JSON online and offline, and human output with times.
        let online = try daemon.cli(["zone", "show", "times.example", "--json"])
        let offline = try daemon.cli(["zone", "show", "times.example", "--json", "--offline"])
        #expect(online.status == 0 && offline.status == 0, "\(online.output)\n\(offline.output)")
        #expect(try Self.object(online.output)["zone"] as? NSDictionary == zone as NSDictionary)
        // Offline beside a running daemon, the CLI first says so (on standard error, merged here).
        #expect(offline.output.hasPrefix("dadns: the daemon is running"), "\(offline.output)")
        #expect(online.output == String(offline.output.drop { $0 != "{" }), "\(online.output)\n---\n\(offline.output)")
        let shown = try daemon.cli(["zone", "show", "times.example"])
        #expect(shown.status == 0 && shown.output.contains("changed \(zone["updatedAt"] as? String ?? "?")"), "\(shown.output)")
        let statusJSON = try daemon.cli(["status", "--json"])
        #expect(Self.isTime(try Self.object(statusJSON.output)["startedAt"]), "\(statusJSON.output)")
        let human = try daemon.cli(["status"])
        #expect(human.output.contains(" ago"), "\(human.output)")
        let zones = try daemon.cli(["zones", "--json"])
        #expect(zones.status == 0 && zones.output.contains("\"updatedAt\" : \"20"), "\(zones.output)")
    }
}
