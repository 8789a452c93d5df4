import Foundation
import Logging
@testable import Server
import Testing
import DadnsTestKit
import DadnsTestTraits

/// `app.ssl_enable` with `ssl_cert`/`ssl_key`: DirectAdmin talks HTTPS to dadns.
@Suite("TLS", .offThePool)
struct TLSTests {
    func run(_ path: String, _ arguments: [String]) throws -> (Int32, String) {
        try ProgramRun.output([path] + arguments)
    }

    @Test func servesHTTPSWithTheConfiguredCertificate() throws {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-tls-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cert = directory.appendingPathComponent("cert.pem").path, key = directory.appendingPathComponent("key.pem").path
        let (status, output) = try run("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
        ])
        #expect(status == 0, "\(output)")
        let port = try FreePort.find()
        let config = """
            datastore: {db_location: \(directory.path)/dadns.db}
            app: {auth_password: pw, listen_address: 127.0.0.1, listen_port: \(port), ssl_enable: true, ssl_cert: \(cert), ssl_key: \(key)}
            dns: {backends: {bind: {enabled: true, zones_dir: \(directory.path)/zones, named_conf: \(directory.path)/named.inc, reload: false}}}
            """
        try config.write(to: directory.appendingPathComponent("app.yml"), atomically: true, encoding: .utf8)
        let logPath = directory.appendingPathComponent("serve.log").path
        let daemon = try SpawnedProcess(
            [TestBinaries.dadns(), "serve", "--config", directory.appendingPathComponent("app.yml").path], logFile: logPath)
        defer { daemon.terminate() }
        var reply = ""
        for _ in 0..<100 where !reply.hasPrefix("error=0") {
            Thread.sleep(forTimeInterval: 0.1)
            reply = try run("/usr/bin/curl", ["-sk", "-u", "directdnsonly:pw", "https://127.0.0.1:\(port)/CMD_API_LOGIN_TEST"]).1
        }
        #expect(reply == "error=0&text=Login%20OK")
        // Plain HTTP on the TLS port gets no DirectAdmin answer: a plain-text 400 that says why,
        // and a hint in the log, once per client address.
        for _ in 0..<3 {
            let plain = try run(
                "/usr/bin/curl", ["-s", "-m", "3", "-w", "\n%{http_code}", "-u", "directdnsonly:pw", "http://127.0.0.1:\(port)/CMD_API_LOGIN_TEST"]).1
            #expect(!plain.hasPrefix("error=0"))
            #expect(plain.hasSuffix("\n400") && plain.contains("plain HTTP was sent to the HTTPS port"), "\(plain)")
        }
        // DirectAdmin's own shape (HTTP/1.0, upper-case headers) from a raw socket.
        let raw = try RawHTTPClient.send(port: port, request: RawHTTPClient.directAdminRequest(
            method: "GET", target: "/CMD_API_LOGIN_TEST", user: "directdnsonly", password: "pw", body: ""))
        #expect(raw.status == 400 && raw.headers.contains("Connection: close"), "\(raw.headers)")
        // TLS still works after them.
        #expect(try run("/usr/bin/curl", ["-sk", "-u", "directdnsonly:pw", "https://127.0.0.1:\(port)/CMD_API_LOGIN_TEST"]).1 == "error=0&text=Login%20OK")
        let hint = "plain HTTP on the HTTPS port from 127.0.0.1: set DirectAdmin's Multi-Server entry to SSL, or turn app.ssl_enable off"
        let log = try String(contentsOfFile: logPath, encoding: .utf8)
        #expect(log.components(separatedBy: hint).count - 1 == 1, "\(log)")
        #expect(log.split(separator: "\n").first { $0.contains(hint) }?.contains(" warning ") == true)
    }

    @Test func theHintIsLoggedOncePerAddressWithinABound() {
        let hints = PlainHTTPHints(logger: Logger(label: "test"), capacity: 3)
        #expect(hints.report("192.0.2.1") && !hints.report("192.0.2.1"))
        #expect(hints.report("192.0.2.2") && hints.report("192.0.2.3"))
        for index in 0..<1000 { hints.report("10.0.\(index / 256).\(index % 256)") }
        #expect(hints.rememberedAddresses == 3)
        // The oldest was forgotten: told again.
        #expect(hints.report("192.0.2.1"))
    }

    @Test func aMissingKeyStopsStartupNamingTheKey() throws {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-tls-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = """
            datastore: {db_location: \(directory.path)/dadns.db}
            app: {auth_password: pw, listen_port: \(try FreePort.find()), ssl_enable: true, ssl_cert: /nonexistent/cert.pem, ssl_key: /nonexistent/key.pem}
            dns: {backends: {bind: {enabled: true, zones_dir: \(directory.path)/zones, named_conf: \(directory.path)/named.inc, reload: false}}}
            """
        try config.write(to: directory.appendingPathComponent("app.yml"), atomically: true, encoding: .utf8)
        let (status, output) = try run(try TestBinaries.dadns(), ["serve", "--config", directory.appendingPathComponent("app.yml").path])
        #expect(status == 78)
        #expect(output.contains("app.ssl_cert"))
    }
}
