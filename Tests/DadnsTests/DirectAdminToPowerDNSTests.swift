import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// End to end: DirectAdmin-shaped pushes into `dadns serve` configured with a `powerdns` backend,
/// a real pdns_server (API on loopback) serving the result, checked with dig.
@Suite("DirectAdmin push to a real PowerDNS", .serialized, .offThePool)
struct DirectAdminToPowerDNSTests {
    static func servesSerial(_ pdns: PowerDNSServer, _ domain: String, _ serial: Int) throws -> Bool {
        try pdns.query(domain, "SOA").answer.first?.contains(" \(serial) 3600 ") == true
    }

    @Test func aPushedZoneIsServedByPowerDNSUpdatedByPatchAndADeleteRemovesIt() throws {
        let pdns = try PowerDNSServer()
        defer { pdns.stop() }
        let daemon = try DadnsProcess(backends: DadnsProcess.powerDNSBackend(pdns))
        defer { daemon.stop(); daemon.removeFiles() }

        let save = "/CMD_API_DNS_ADMIN?action=rawsave&domain=shop.example&hostname=da1.example&username=bob&named_reload=yes"
        let reply = try daemon.send("POST", save, DirectAdminToNamedTests.zone("shop.example", serial: 2024010101, address: "192.0.2.44"))
        #expect(reply.status == 200 && reply.body == "error=0", "\(reply.body)")
        #expect(
            try pdns.waitFor(seconds: 10) { try Self.servesSerial(pdns, "shop.example", 2024010101) },
            "PowerDNS log:\n\(pdns.log())\ndadns log:\n\(daemon.log())")
        #expect(try pdns.query("www.shop.example", "A").answer == ["192.0.2.44"])
        #expect(try pdns.query("_acme-challenge.shop.example", "TXT").answer == ["\"token\""])
        #expect(try pdns.zones() == ["shop.example": "dadns"])

        let before = pdns.requests().count
        let updated = try daemon.send("POST", save, DirectAdminToNamedTests.zone("shop.example", serial: 2024010102, address: "192.0.2.45"))
        #expect(updated.body == "error=0", "\(updated.body)")
        #expect(try pdns.waitFor(seconds: 10) { try pdns.query("www.shop.example", "A").answer == ["192.0.2.45"] })
        #expect(try Self.servesSerial(pdns, "shop.example", 2024010102))
        // The update: the zone read, then one PATCH (and the empty one that purges the caches) —
        // never deleted and created again, never a PUT.
        let zone = "/api/v1/servers/localhost/zones/shop.example."
        let requests = pdns.requests().dropFirst(before).filter { $0.contains("/zones/shop.example.") }
        #expect(requests == ["GET \(zone)", "PATCH \(zone)", "PATCH \(zone)"], "\(requests)")

        // The key is a secret: not in /status, not in the log.
        let status = try daemon.get("/status")
        #expect(status.body.contains("powerdns") && !status.body.contains(pdns.apiKey))
        #expect(!daemon.log().contains(pdns.apiKey))

        let deleted = try daemon.send("POST", "/CMD_API_DNS_ADMIN", "action=delete&cluster=yes&hostname=da1.example&select0=shop.example")
        #expect(deleted.body == "error=0", "\(deleted.body)")
        #expect(try pdns.waitFor(seconds: 10) { try pdns.query("shop.example", "SOA").status == "REFUSED" })
        #expect(try pdns.zones().isEmpty)
    }

    @Test func aZoneThatFailedWhilePowerDNSWasDownIsServedOnceItIsBack() throws {
        let pdns = try PowerDNSServer()
        defer { pdns.stop() }
        let daemon = try DadnsProcess(
            backends: DadnsProcess.powerDNSBackend(pdns, timeout: 2), dns: "retry_schedule_seconds: \"1,1\"",
            extra: "healing: {enabled: false}")
        defer { daemon.stop(); daemon.removeFiles() }

        pdns.pause()
        try OperatorViewTests.push(daemon, "down.example", serial: 4)
        #expect(try DadnsProcess.waitFor { try daemon.backlog("powerdns").failed == 1 }, "never failed: \(daemon.log())")
        let lastError = try daemon.lastError("powerdns") ?? ""
        #expect(lastError.contains("unreachable"), "\(lastError)")

        try pdns.restart()
        #expect(try DadnsProcess.waitFor { try Self.servesSerial(pdns, "down.example", 4) }, "\(daemon.log())")
        #expect(DadnsProcess.waitFor { daemon.isCaughtUp("powerdns") }, "\(daemon.backlogDescription("powerdns")): \(daemon.log())")
        let status = try daemon.status()
        #expect(status["status"] as? String == "ok", "\(status)")
    }

    @Test func healingRepairsARecordChangedBehindOurBack() throws {
        let pdns = try PowerDNSServer()
        defer { pdns.stop() }
        let daemon = try DadnsProcess(
            backends: DadnsProcess.powerDNSBackend(pdns), extra: "healing: {enabled: true, interval_minutes: 60, initial_delay_minutes: 60}")
        defer { daemon.stop(); daemon.removeFiles() }
        try OperatorViewTests.push(daemon, "drift.example", serial: 3)
        try OperatorViewTests.push(daemon, "intact.example", serial: 4)
        #expect(try DadnsProcess.waitFor { try Self.servesSerial(pdns, "drift.example", 3) && Self.servesSerial(pdns, "intact.example", 4) })
        let www = try pdns.query("www.drift.example", "A").answer

        try pdns.replaceRRset(zone: "drift.example", name: "www.drift.example", type: "A", ttl: 3600, contents: ["203.0.113.66"])
        #expect(try pdns.query("www.drift.example", "A").answer == ["203.0.113.66"])

        let heal = try daemon.send("POST", "/api/heal", "")
        #expect(heal.status == 200 && heal.body.contains("\"drift.example\""), "\(heal.body)")
        #expect(!heal.body.contains("\"intact.example\""))
        #expect(try DadnsProcess.waitFor { try pdns.query("www.drift.example", "A").answer == www }, "\(daemon.log())")
    }
    @Test func aWrongKeyIsReportedWithoutTheKey() throws {
        let pdns = try PowerDNSServer()
        defer { pdns.stop() }
        let wrongKey = "wrong-\(UUID().uuidString)"
        let stanza = DadnsProcess.powerDNSBackend(pdns).replacingOccurrences(of: pdns.apiKey, with: wrongKey)
        let daemon = try DadnsProcess(backends: stanza, dns: "retry_schedule_seconds: \"1\"", extra: "healing: {enabled: false}")
        defer { daemon.stop(); daemon.removeFiles() }
        try OperatorViewTests.push(daemon, "key.example", serial: 1)
        #expect(try DadnsProcess.waitFor { try daemon.backlog("powerdns").failed == 1 }, "never failed: \(daemon.log())")
        let error = try daemon.lastError("powerdns") ?? ""
        #expect(error.contains("refused the key (HTTP 401)") && error.contains("dns.backends.powerdns.api_key"), "\(error)")
        let status = try daemon.get("/status").body
        #expect(!status.contains(wrongKey) && !daemon.log().contains(wrongKey))
        #expect(try pdns.query("key.example", "SOA").status == "REFUSED")
    }
}
