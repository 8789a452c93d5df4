import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// End to end: a DirectAdmin-shaped push into `dadns serve` configured with an `nsd` backend, a
/// real NSD serving the result.
@Suite("DirectAdmin push to a real NSD", .serialized, .offThePool)
struct DirectAdminToNSDTests {
    @Test func aPushedZoneIsServedByNSDAndADeleteRemovesIt() throws {
        let nsd = try NSDServer()
        defer { nsd.stop() }
        let daemon = try DadnsProcess(backends: DadnsProcess.nsdBackend(nsd))
        defer { daemon.stop(); daemon.removeFiles() }

        let reply = try daemon.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=shop.example&hostname=da1.example&username=bob&named_reload=yes",
            DirectAdminToNamedTests.zone("shop.example", serial: 2024010101, address: "192.0.2.44"))
        #expect(reply.status == 200 && reply.body == "error=0", "\(reply.body)")
        let served = try nsd.waitFor(seconds: 10) {
            try nsd.query("shop.example", "SOA").answer.first?.contains(" 2024010101 3600 ") == true
        }
        #expect(served, "NSD log:\n\(nsd.log())\ndadns log:\n\(daemon.log())")
        #expect(try nsd.query("www.shop.example", "A").answer == ["192.0.2.44"])
        #expect(try nsd.query("_acme-challenge.shop.example", "TXT").answer == ["\"token\""])
        #expect(try String(contentsOfFile: nsd.includeFile, encoding: .utf8).contains("name: \"shop.example\""))

        let updated = try daemon.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=shop.example&hostname=da1.example&username=bob&named_reload=yes",
            DirectAdminToNamedTests.zone("shop.example", serial: 2024010102, address: "192.0.2.45"))
        #expect(updated.body == "error=0", "\(updated.body)")
        #expect(try nsd.waitFor(seconds: 10) { try nsd.query("www.shop.example", "A").answer == ["192.0.2.45"] })

        let deleted = try daemon.send("POST", "/CMD_API_DNS_ADMIN", "action=delete&cluster=yes&hostname=da1.example&select0=shop.example")
        #expect(deleted.body == "error=0", "\(deleted.body)")
        #expect(try nsd.waitFor(seconds: 10) { try nsd.query("shop.example", "SOA").status == "REFUSED" })
        #expect(!FileManager.default.fileExists(atPath: nsd.zonesDirectory + "/shop.example.db"))
    }
}
