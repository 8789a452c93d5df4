import Foundation
import Testing
import TestSupport

/// `app.ssl_enable` with `ssl_cert`/`ssl_key`: DirectAdmin talks HTTPS to dadns.
@Suite("TLS")
struct TLSTests {
    func run(_ path: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("dadns-tls-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: output)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: output, encoding: .utf8))
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
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: try TestBinaries.dadns())
        daemon.arguments = ["serve", "--config", directory.appendingPathComponent("app.yml").path]
        daemon.standardOutput = FileHandle.nullDevice
        daemon.standardError = FileHandle.nullDevice
        try daemon.run()
        defer { daemon.terminate(); daemon.waitUntilExit() }
        var reply = ""
        for _ in 0..<100 where !reply.hasPrefix("error=0") {
            Thread.sleep(forTimeInterval: 0.1)
            reply = try run("/usr/bin/curl", ["-sk", "-u", "directdnsonly:pw", "https://127.0.0.1:\(port)/CMD_API_LOGIN_TEST"]).1
        }
        #expect(reply == "error=0&text=Login%20OK")
        // Plain HTTP on the TLS port gets no DirectAdmin answer.
        let plain = try run("/usr/bin/curl", ["-s", "-m", "3", "-u", "directdnsonly:pw", "http://127.0.0.1:\(port)/CMD_API_LOGIN_TEST"]).1
        #expect(!plain.hasPrefix("error=0"))
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
