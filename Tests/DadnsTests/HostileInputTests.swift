import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// Requests an attacker or a broken client could send: each is refused with `error=1` or an
/// HTTP error, nothing is written, and the daemon stays healthy.
@Suite("Hostile input", .serialized, .offThePool)
struct HostileInputTests {
    static let zone = DirectAdminToNamedTests.zone("victim.example", serial: 1, address: "192.0.2.1")

    static func request(_ method: String, _ target: String, headers: [String] = [], body: [UInt8] = [], auth: Bool = true) -> [UInt8] {
        var head = "\(method) \(target) HTTP/1.0\r\nHost: 127.0.0.1\r\n"
        if auth { head += "Authorization: Basic \(Data("directdnsonly:secret".utf8).base64EncodedString())\r\n" }
        for header in headers { head += header + "\r\n" }
        if method == "POST" && !headers.contains(where: { $0.lowercased().hasPrefix("content-length") }) {
            head += "Content-Length: \(body.count)\r\n"
        }
        return Array((head + "\r\n").utf8) + body
    }

    @Test func everyHostileRequestIsRefusedAndWritesNothing() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named), extra: "healing: {enabled: false}")
        defer { daemon.stop(); daemon.removeFiles() }
        let rawsave = "/CMD_API_DNS_ADMIN?action=rawsave&hostname=da1.example&domain="
        var cases: [(name: String, request: [UInt8], statuses: Set<Int>)] = []
        // Traversal and injection in every name DirectAdmin sends.
        for domain in ["..%2Fx", "..%2F..%2Fetc%2Fpasswd", "a%22b", "a%3Bb", "a%00b", "a%0Ab", "a%20b", "%2Fetc", "x%7D%3B", String(repeating: "a", count: 300), "%FF%FE"] {
            cases.append(("domain \(domain.prefix(20))", Self.request("POST", rawsave + domain, body: Array(Self.zone.utf8)), [400]))
        }
        for hostname in ["..%2Fx", "a%22b", "a%00b", "a%3Bb%3B"] {
            cases.append(("hostname \(hostname)", Self.request(
                "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=victim.example&hostname=\(hostname)", body: Array(Self.zone.utf8)), [400]))
        }
        for username in ["..%2Fx", "a%22b", "a%00b", "a%27%3B%20DROP%20TABLE%20zones"] {
            cases.append(("username \(username)", Self.request(
                "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=victim.example&hostname=da1.example&username=\(username)",
                body: Array(Self.zone.utf8)), [400]))
        }
        for select in ["..%2Fx", "a%22b", "a%00b", "%2F"] {
            cases.append(("select0 \(select)", Self.request(
                "POST", "/CMD_API_DNS_ADMIN", body: Array("action=delete&hostname=da1.example&select0=\(select)".utf8)), [400]))
        }
        // Bytes that are not text.
        cases.append(("non-UTF-8 delete body", Self.request("POST", "/CMD_API_DNS_ADMIN", body: Array("action=delete&select0=".utf8) + [0xFF, 0xFE, 0x00]), [400]))
        cases.append(("NUL in zone", Self.request("POST", rawsave + "victim.example", body: Array(Self.zone.utf8) + [0, 0x41]), [400]))
        cases.append(("NUL mid zone", Self.request("POST", rawsave + "victim.example", body: Array("\u{0}".utf8) + Array(Self.zone.utf8)), [400]))
        cases.append(("non-UTF-8 zone", Self.request("POST", rawsave + "victim.example", body: [0xC3, 0x28, 0xA0, 0xA1] + Array(Self.zone.utf8)), [400]))
        // Oversized body (limit 16 MiB by default).
        cases.append(("oversized body", Self.request("POST", rawsave + "victim.example", body: [UInt8](repeating: 0x41, count: 17 << 20)), [413]))
        // Authentication.
        let basic = { (credentials: String) in "Authorization: Basic \(Data(credentials.utf8).base64EncodedString())" }
        for header in [
            nil, "Authorization: Basic", "Authorization: Basic !!!!", basic("nocolon"), basic("directdnsonly:wrong"),
            basic("directdnsonly:secret\u{0}"), "Authorization: Bearer secret", "Authorization: Basic " + String(repeating: "A", count: 60_000),
            basic(":secret"), "Authorization: basic\t" + Data("directdnsonly:wrong".utf8).base64EncodedString(),
        ] {
            cases.append(("auth \(header?.prefix(30) ?? "missing")", Self.request(
                "POST", rawsave + "victim.example", headers: header.map { [$0] } ?? [], body: Array(Self.zone.utf8), auth: false), [401]))
        }
        // Huge header counts and sizes: refused by the HTTP layer (or the connection closed).
        let manyHeaders = (0..<5000).map { "X-Junk-\($0): \($0)" }
        cases.append(("5000 headers", Self.request("POST", rawsave + "victim.example", headers: manyHeaders, body: Array(Self.zone.utf8)), [0, 400, 431]))
        cases.append(("200 KB header", Self.request(
            "POST", rawsave + "victim.example", headers: ["X-Big: " + String(repeating: "b", count: 200_000)], body: Array(Self.zone.utf8)), [0, 400, 431]))

        for testCase in cases {
            // A connection the server closes without an answer counts as status 0.
            let reply = try? RawHTTPClient.send(port: daemon.port, request: testCase.request)
            let status = reply?.status ?? 0
            let body = reply?.body ?? ""
            #expect(testCase.statuses.contains(status), "\(testCase.name): HTTP \(status) \(body.prefix(200))")
            // Refusals of the DirectAdmin layer speak its protocol; the HTTP layer's own (header
            // limits) are plain HTTP errors.
            if (status == 400 || status == 413) && !testCase.name.contains("header") {
                #expect(body.hasPrefix("error=1&text="), "\(testCase.name): \(body.prefix(200))")
            }
        }

        // Truncated body: fewer bytes than Content-Length, then the client hangs up.
        let truncated = Self.request("POST", rawsave + "victim.example", headers: ["Content-Length: 5000"], body: Array(Self.zone.utf8.prefix(100)))
        _ = try? RawHTTPClient.send(port: daemon.port, request: truncated, timeout: 1)

        // Nothing was stored or written, and the daemon still answers.
        #expect(try FileManager.default.contentsOfDirectory(atPath: named.zonesDirectory).isEmpty)
        #expect(try String(contentsOfFile: named.includeFile, encoding: .utf8).contains("zone \"") == false)
        let zones = try daemon.cli(["zones", "--json"])
        #expect(zones.status == 0 && zones.output.contains("\"zones\" : [\n\n  ]") || zones.output.contains("\"zones\" : []"), "\(zones.output)")
        #expect(try daemon.get("/health").status == 200)
        let good = try daemon.send("POST", rawsave + "victim.example", Self.zone)
        #expect(good.body == "error=0")
    }

    @Test func slowClientsAreDroppedAndDoNotBlockOthers() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named), app: "idle_timeout_seconds: 1", extra: "healing: {enabled: false}")
        defer { daemon.stop(); daemon.removeFiles() }
        // Forty clients send half a request and stall.
        var stalled: [Int32] = []
        defer { stalled.forEach { close($0) } }
        for _ in 0..<40 {
            let fd = try Self.connect(port: daemon.port)
            let partial = Array("POST /CMD_API_DNS_ADMIN?action=rawsave&domain=slow.example HTTP/1.1\r\nHost: x\r\nContent-Le".utf8)
            _ = partial.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            stalled.append(fd)
        }
        // Others are still served at once.
        let started = Date()
        let reply = try daemon.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=quick.example&hostname=da1.example",
            DirectAdminToNamedTests.zone("quick.example", serial: 1, address: "192.0.2.1"))
        #expect(reply.body == "error=0")
        // A server taken up by the stalled clients would answer after their idle timeouts, one
        // second each (40 s); a loaded test machine may take a few seconds anyway.
        #expect(Date().timeIntervalSince(started) < 10)
        // The stalled ones are closed by the server after the idle timeout.
        Thread.sleep(forTimeInterval: 2.5)
        for fd in stalled {
            var byte: UInt8 = 0
            var timeout = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            #expect(recv(fd, &byte, 1, 0) <= 0, "a stalled connection is still open")
        }
        #expect(try daemon.get("/health").status == 200)
        let zones = try daemon.cli(["zones"])
        #expect(!zones.output.contains("slow.example"))
    }

    static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { throw NamedServer.Failure("cannot connect") }
        return fd
    }
}
