import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// Rawsaves an operator has to act on get messages that say what is wrong: an empty body, a zone
/// sent under the wrong domain, a changed zone whose serial did not move.
@Suite("Rawsave messages", .serialized, .offThePool)
struct RawsaveMessageTests {
    static func rawsave(_ daemon: DadnsProcess, _ domain: String, _ body: String) throws -> (status: Int, text: String) {
        let reply = try daemon.send("POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domain)&hostname=da1.example", body)
        return (reply.status, reply.body.removingPercentEncoding ?? reply.body)
    }

    @Test func emptyAndForeignBodiesAreRefusedWithTheReason() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(backends: DadnsProcess.bindBackend(named))
        defer { daemon.stop(); daemon.removeFiles() }

        for body in ["", "\n\n\r\n  \n"] {
            let reply = try Self.rawsave(daemon, "empty.example", body)
            #expect(reply.status == 400 && reply.text == "error=1&text=missing zone file content", "\(reply)")
        }
        // A whole zone for another domain: every record lies outside, which is what to say (not
        // the missing SOA that follows from it).
        let qualified = "$TTL 300\nright.example. IN SOA ns1.right.example. h.right.example. 1 3600 900 1209600 300\n"
            + "right.example. IN NS ns1.right.example.\nns1.right.example. IN A 192.0.2.53\n"
        let foreign = try Self.rawsave(daemon, "wrong.example", qualified)
        #expect(foreign.status == 400 && foreign.text.contains("none of the 3 records lie in wrong.example."), "\(foreign)")
        // DirectAdmin's shape (relative owners) under the wrong domain: the missing SOA, and why.
        let relative = try Self.rawsave(daemon, "wrong.example", DirectAdminToNamedTests.zone("right.example", serial: 1, address: "192.0.2.1"))
        #expect(relative.status == 400 && relative.text.contains("has no SOA record at its apex (2 record(s) outside wrong.example. were ignored"), "\(relative)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: named.zonesDirectory).isEmpty)
    }

    @Test func aChangedZoneWithTheSameSerialIsAcceptedWithAWarning() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(backends: DadnsProcess.bindBackend(named))
        defer { daemon.stop(); daemon.removeFiles() }
        let zone = { (address: String) in DirectAdminToNamedTests.zone("serial.example", serial: 42, address: address) }
        #expect(try Self.rawsave(daemon, "serial.example", zone("192.0.2.1")).text == "error=0")
        // The same content again is no change: no warning.
        #expect(try Self.rawsave(daemon, "serial.example", zone("192.0.2.1")).text == "error=0")
        #expect(!daemon.log().contains("SOA serial stayed"))
        #expect(try Self.rawsave(daemon, "serial.example", zone("192.0.2.2")).text == "error=0")
        #expect(try named.waitFor { try named.query("www.serial.example", "A").answer == ["192.0.2.2"] })
        let warnings = daemon.log().split(separator: "\n").filter { $0.contains("SOA serial stayed") }
        #expect(warnings.count == 1, "\(daemon.log())")
        #expect(warnings.first?.contains("serial.example changed but its SOA serial stayed 42: secondaries will not transfer it") == true)
        #expect(warnings.first?.contains(" warning ") == true, "\(warnings)")
    }
}
