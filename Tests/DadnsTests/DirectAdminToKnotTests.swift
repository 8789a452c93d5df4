import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// End to end: DirectAdmin-shaped pushes into `dadns serve` configured with a `knot` backend, a
/// real knotd (from its configuration database) serving the result.
@Suite("DirectAdmin push to a real Knot", .serialized, .offThePool)
struct DirectAdminToKnotTests {
    static func push(_ daemon: DadnsProcess, _ domain: String, serial: Int, address: String) throws {
        let reply = try daemon.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domain)&hostname=da1.example&username=bob&named_reload=yes",
            DirectAdminToNamedTests.zone(domain, serial: serial, address: address))
        #expect(reply.status == 200 && reply.body == "error=0", "\(reply.body)")
    }

    static func servesSerial(_ knot: KnotServer, _ domain: String, _ serial: Int) throws -> Bool {
        try knot.query(domain, "SOA").answer.first?.contains(" \(serial) 3600 ") == true
    }

    @Test func aPushedZoneIsServedByKnotUpdatedWithIXFRAndDeleted() throws {
        let knot = try KnotServer()
        defer { knot.stop() }
        let daemon = try DadnsProcess(backends: DadnsProcess.knotBackend(knot))
        defer { daemon.stop(); daemon.removeFiles() }

        try Self.push(daemon, "shop.example", serial: 2024010101, address: "192.0.2.44")
        #expect(try knot.waitFor(seconds: 10) { try Self.servesSerial(knot, "shop.example", 2024010101) },
                "knotd log:\n\(knot.log())\ndadns log:\n\(daemon.log())")
        #expect(try knot.query("www.shop.example", "A").answer == ["192.0.2.44"])
        #expect(try knot.query("_acme-challenge.shop.example", "TXT").answer == ["\"token\""])
        #expect(FileManager.default.fileExists(atPath: knot.zonesDirectory + "/shop.example.zone"))
        // /status (and the console built on it) names the backend's type.
        let backends = try daemon.status()["backends"] as? [[String: Any]]
        #expect(backends?.first?["name"] as? String == "knot" && backends?.first?["type"] as? String == "knot", "\(String(describing: backends))")

        try Self.push(daemon, "shop.example", serial: 2024010102, address: "192.0.2.45")
        #expect(try knot.waitFor(seconds: 10) { try knot.query("www.shop.example", "A").answer == ["192.0.2.45"] })
        let ixfr = try knot.incrementalTransfer("shop.example", fromSerial: 2024010101)
        #expect(ixfr.contains("www.shop.example. 3600 IN A 192.0.2.44") && ixfr.contains("www.shop.example. 3600 IN A 192.0.2.45"), "\(ixfr)")
        #expect(ixfr.filter { $0.contains(" SOA ") }.count == 4, "not an incremental transfer: \(ixfr)")

        let deleted = try daemon.send("POST", "/CMD_API_DNS_ADMIN", "action=delete&cluster=yes&hostname=da1.example&select0=shop.example")
        #expect(deleted.body == "error=0", "\(deleted.body)")
        #expect(try knot.waitFor(seconds: 10) { try knot.query("shop.example", "SOA").status == "REFUSED" })
        #expect(try knot.zoneNames().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: knot.zonesDirectory + "/shop.example.zone"))
    }

    /// knotd down during a push: the zone fails, is retried on the schedule, and is served once
    /// knotd is back, without a manual retry.
    @Test func aZoneThatFailedWhileKnotdWasDownIsServedOnceItIsBack() throws {
        let knot = try KnotServer()
        defer { knot.stop() }
        let daemon = try DadnsProcess(
            backends: DadnsProcess.knotBackend(knot), dns: "retry_schedule_seconds: \"1,1\"", extra: "healing: {enabled: false}")
        defer { daemon.stop(); daemon.removeFiles() }

        knot.kill()
        try Self.push(daemon, "down.example", serial: 4, address: "192.0.2.4")
        #expect(try DadnsProcess.waitFor { try daemon.backlog("knot").failed == 1 }, "never failed: \(daemon.log())")
        #expect(daemon.log().contains("knotd does not answer on \(knot.controlSocket)"), "\(daemon.log())")

        try knot.restart()
        #expect(try DadnsProcess.waitFor { try Self.servesSerial(knot, "down.example", 4) }, "\(daemon.log())")
        #expect(DadnsProcess.waitFor { daemon.isCaughtUp("knot") }, "\(daemon.backlogDescription("knot")): \(daemon.log())")
        let health = try daemon.get("/health")
        #expect(health.status == 200 && health.body == "ok\n", "\(health.body)")
    }
}
