import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// End to end: DirectAdmin-shaped HTTP requests into `dadns serve`, a real `named` serving the
/// result.
@Suite("DirectAdmin push to a real named", .serialized, .offThePool)
struct DirectAdminToNamedTests {
    static func zone(_ domain: String, serial: Int, address: String) -> String {
        // As DirectAdmin sends it: leading blank lines, no $ORIGIN, multi-line SOA, relative owners.
        FakeDirectAdmin.zoneHeader(domain, serial: String(serial)) + """
            \(domain).\t3600\tIN\tNS\tns1.\(domain).
            ns1\t3600\tIN\tA\t192.0.2.53
            www\t3600\tIN\tA\t\(address)
            _acme-challenge\t5\tIN\tTXT\t"token"
            """
    }

    @Test func pushesBurstsAndDeletesReachNamed() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(backends: DadnsProcess.bindBackend(named))
        defer { daemon.stop(); daemon.removeFiles() }

        // A burst of three saves of one zone, as one DirectAdmin action makes them.
        for serial in 1...3 {
            let reply = try daemon.send(
                "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=shop.example&hostname=da1.example&username=bob\(serial == 3 ? "&named_reload=yes" : "")",
                Self.zone("shop.example", serial: serial, address: "192.0.2.\(serial)"))
            #expect(reply.status == 200 && reply.body == "error=0", "\(reply.body)")
        }
        #expect(try named.waitFor { try named.query("shop.example", "SOA").answer.first?.contains(" 3 3600 ") == true })
        #expect(try named.query("www.shop.example", "A").answer == ["192.0.2.3"])

        // Delete in the untyped-body select0 shape.
        let deleted = try daemon.send("POST", "/CMD_API_DNS_ADMIN", "action=delete&cluster=yes&hostname=da1.example&select0=shop.example")
        #expect(deleted.body == "error=0", "\(deleted.body)")
        #expect(try named.waitFor { try named.query("shop.example", "SOA").status == "REFUSED" })
    }

    /// The reference project's delete form, `action=delete&domain=D`, in the query string and in
    /// the body; the owner check holds for it as for `select0`.
    @Test func theReferenceDeleteFormRemovesTheZone() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(backends: DadnsProcess.bindBackend(named))
        defer { daemon.stop(); daemon.removeFiles() }
        for domain in ["query.example", "body.example"] {
            let reply = try daemon.send(
                "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domain)&hostname=da1.example&named_reload=yes",
                Self.zone(domain, serial: 1, address: "192.0.2.1"))
            #expect(reply.body == "error=0", "\(reply.body)")
        }
        #expect(try named.waitFor { try named.query("body.example", "SOA").status == "NOERROR" })
        #expect(try named.waitFor { try named.query("query.example", "SOA").status == "NOERROR" })

        let foreign = try daemon.send("POST", "/CMD_API_DNS_ADMIN?action=delete&domain=query.example&hostname=da2.example", "")
        #expect(foreign.status == 403 && foreign.body.contains("belongs%20to%20da1.example"), "\(foreign.body)")

        let byQuery = try daemon.send("POST", "/CMD_API_DNS_ADMIN?action=delete&domain=query.example&hostname=da1.example", "")
        #expect(byQuery.status == 200 && byQuery.body == "error=0", "\(byQuery.body)")
        let byBody = try daemon.send("POST", "/CMD_API_DNS_ADMIN", "action=delete&domain=body.example&hostname=da1.example")
        #expect(byBody.status == 200 && byBody.body == "error=0", "\(byBody.body)")
        #expect(try named.waitFor { try named.query("query.example", "SOA").status == "REFUSED" })
        #expect(try named.waitFor { try named.query("body.example", "SOA").status == "REFUSED" })
    }

    @Test func anAcknowledgedPushSurvivesKill9BeforeItsApply() throws {
        let named = try NamedServer()
        defer { named.stop() }
        // A long settle delay holds the apply back, so the kill lands after the ack and before it.
        let first = try DadnsProcess(backends: DadnsProcess.bindBackend(named), dns: "settle_seconds: 30")
        let reply = try first.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=crash.example&hostname=da1.example",
            Self.zone("crash.example", serial: 7, address: "192.0.2.7"))
        #expect(reply.body == "error=0")
        first.crash()
        #expect(try named.query("crash.example", "SOA").status == "REFUSED", "applied before the kill: the test proves nothing")
        let second = try DadnsProcess(directory: first.directory, backends: DadnsProcess.bindBackend(named))
        defer { second.stop(); second.removeFiles() }
        #expect(try named.waitFor { try named.query("crash.example", "SOA").answer.first?.contains(" 7 3600 ") == true })
    }

    @Test func hostileDomainsWriteNothing() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(backends: DadnsProcess.bindBackend(named))
        defer { daemon.stop(); daemon.removeFiles() }
        for domain in ["..%2Fx", "a%22b", "a%3Bb", "a%00b", String(repeating: "a", count: 300)] {
            let reply = try daemon.send("POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domain)&hostname=da1.example", Self.zone("x.example", serial: 1, address: "192.0.2.1"))
            #expect(reply.status == 400 && reply.body.hasPrefix("error=1&text="), "\(domain): \(reply.body)")
        }
        let unauthorized = try RawHTTPClient.send(port: daemon.port, request: RawHTTPClient.directAdminRequest(
            method: "GET", target: "/CMD_API_LOGIN_TEST", user: "directdnsonly", password: "wrong", body: ""))
        #expect(unauthorized.status == 401 && unauthorized.headers.lowercased().contains("www-authenticate: basic"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: named.zonesDirectory).isEmpty)
        #expect(try String(contentsOfFile: named.includeFile, encoding: .utf8).contains("zone \"") == false)
    }
}
