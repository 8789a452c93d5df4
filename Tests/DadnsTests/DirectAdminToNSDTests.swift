import Foundation
import Testing
import TestSupport

/// End to end: a DirectAdmin-shaped push into `dadns serve` configured with an `nsd` backend, a
/// real NSD serving the result.
@Suite("DirectAdmin push to a real NSD", .serialized)
struct DirectAdminToNSDTests {
    /// `dadns serve` with one `nsd` backend pointed at `nsd`.
    final class Daemon {
        let process = Process()
        let port: Int
        let directory: URL

        init(nsd: NSDServer) throws {
            directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-e2e-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            port = try FreePort.find()
            let config = """
                log_level: DEBUG
                datastore:
                  db_location: \(directory.path)/data/dadns.db
                app:
                  auth_username: directdnsonly
                  auth_password: secret
                  listen_address: 127.0.0.1
                  listen_port: \(port)
                dns:
                  backends:
                    nsd:
                      type: nsd
                      enabled: true
                      zones_dir: \(nsd.zonesDirectory)
                      nsd_conf: \(nsd.includeFile)
                      nsd_control_path: \(NSDServer.controlPath)
                      nsd_control_config: \(nsd.configFile)
                      pattern: dadns
                      command_timeout: 20
                """
            try config.write(to: directory.appendingPathComponent("app.yml"), atomically: true, encoding: .utf8)
            process.executableURL = URL(fileURLWithPath: try TestBinaries.dadns())
            process.arguments = ["serve", "--config", directory.appendingPathComponent("app.yml").path]
            let log = directory.appendingPathComponent("serve.log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: log)
            process.standardError = try FileHandle(forWritingTo: log)
            try process.run()
            for _ in 0..<100 {
                if (try? send("GET", "/CMD_API_LOGIN_TEST", ""))?.status == 200 { return }
                Thread.sleep(forTimeInterval: 0.1)
            }
            let text = self.log()
            stop()
            throw NamedServer.Failure("dadns did not start: \(text)")
        }

        func send(_ method: String, _ target: String, _ body: String) throws -> RawHTTPClient.Reply {
            try RawHTTPClient.send(port: port, request: RawHTTPClient.directAdminRequest(
                method: method, target: target, user: "directdnsonly", password: "secret", body: body))
        }

        func log() -> String { (try? String(contentsOf: directory.appendingPathComponent("serve.log"), encoding: .utf8)) ?? "" }

        func stop() {
            if process.isRunning {
                kill(process.processIdentifier, SIGTERM)
                process.waitUntilExit()
            }
            try? FileManager.default.removeItem(at: directory)
        }
    }

    @Test func aPushedZoneIsServedByNSDAndADeleteRemovesIt() throws {
        let nsd = try NSDServer()
        defer { nsd.stop() }
        let daemon = try Daemon(nsd: nsd)
        defer { daemon.stop() }

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
