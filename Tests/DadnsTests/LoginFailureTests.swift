import Foundation
import Server
import Testing
import DadnsTestKit
import DadnsTestTraits

/// Failed Basic-auth logins: the limiter on its own (addresses, window, bound), and `dadns serve`
/// blocking the loopback address after ten failures.
@Suite("Failed logins", .offThePool)
struct LoginFailureLimiterTests {
    @Test func tenFailuresInAMinuteBlockThatAddressOnly() {
        let limiter = LoginFailureLimiter()
        for second in 0..<9 { #expect(limiter.recordFailure("192.0.2.1", at: Double(second)) == .counted) }
        #expect(limiter.blockedFor("192.0.2.1", at: 9) == nil)
        #expect(limiter.recordFailure("192.0.2.1", at: 9.5) == .blocked(until: 69.5))
        #expect(limiter.blockedFor("192.0.2.1", at: 10) == 60)
        #expect(limiter.blockedFor("192.0.2.1", at: 69) == 1)
        // Another address is not slowed, even with failures of its own.
        #expect(limiter.recordFailure("192.0.2.2", at: 10) == .counted)
        #expect(limiter.blockedFor("192.0.2.2", at: 10) == nil)
        #expect(limiter.blockedFor("2001:db8::1", at: 10) == nil)
        // Failures during the block do not extend it or log again.
        #expect(limiter.recordFailure("192.0.2.1", at: 20) == .counted)
        #expect(limiter.blockedFor("192.0.2.1", at: 69.6) == nil)
    }

    @Test func failuresSpreadOverMoreThanAMinuteDoNotBlock() {
        let limiter = LoginFailureLimiter()
        for failure in 0..<30 {
            #expect(limiter.recordFailure("192.0.2.1", at: Double(failure) * 7) == .counted, "failure \(failure)")
        }
        #expect(limiter.blockedFor("192.0.2.1", at: 210) == nil)
    }

    @Test func manyAddressesDoNotGrowTheTableOrLiftABlock() {
        let limiter = LoginFailureLimiter(capacity: 100)
        for second in 0..<10 { _ = limiter.recordFailure("198.51.100.1", at: Double(second) / 10) }
        #expect(limiter.blockedFor("198.51.100.1", at: 1) != nil)
        for index in 0..<10_000 {
            _ = limiter.recordFailure("10.\(index / 65536).\(index / 256 % 256).\(index % 256)", at: 2 + Double(index) / 1000)
        }
        #expect(limiter.trackedAddresses <= 100)
        #expect(limiter.blockedFor("198.51.100.1", at: 12) != nil)
    }
}

@Suite("Failed logins against dadns serve", .serialized, .offThePool)
struct LoginFailureEndToEndTests {
    @Test func tenFailuresGet429LoggedOnceAndCounted() throws {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-t-login-\(UUID().uuidString.prefix(8))")
        let daemon = try DadnsProcess(
            directory: directory,
            backends: "bind:\n  enabled: true\n  rndc_path: \"\"\n  zones_dir: \(directory.path)/zones\n  named_conf: \(directory.path)/named.conf.include",
            extra: "peer_sync:\n  auth_username: peer\n  auth_password: peersecret")
        defer { daemon.stop(); daemon.removeFiles() }
        // Nine failures over every kind of endpoint, each with its own credentials wrong.
        let wrong: [(String, String, String)] = [
            ("GET", "/CMD_API_LOGIN_TEST", "directdnsonly"), ("POST", "/CMD_API_DNS_ADMIN", "directdnsonly"),
            ("GET", "/status", "admin"), ("GET", "/metrics", "admin"), ("GET", "/api/zones", "admin"),
            ("GET", "/internal/zones", "peer"), ("GET", "/internal/peers", "directdnsonly"),
            ("GET", "/status", "admin"), ("GET", "/CMD_API_LOGIN_TEST", "mallory"),
        ]
        for (method, path, user) in wrong {
            let reply = try daemon.send(method, path, user: user, password: "not-the-password-\(user)")
            #expect(reply.status == 401, "\(path): \(reply.status)")
        }
        // Without credentials it is no login: not counted.
        let anonymous = try RawHTTPClient.send(port: daemon.port, request: Array("GET /status HTTP/1.0\r\n\r\n".utf8))
        #expect(anonymous.status == 401)
        let metrics = try PrometheusText(try daemon.get("/metrics").body)
        let failures = metrics.samples.filter { $0.name == "dadns_auth_failures_total" }
        #expect(failures.map(\.value).reduce(0, +) == 9, "\(failures.map { "\($0.labels) \($0.value)" })")
        #expect(failures.first { $0.labels["endpoint"] == "internal" }?.value == 2)
        #expect(failures.first { $0.labels["endpoint"] == "directadmin" }?.value == 3)
        #expect(metrics.types["dadns_auth_failures_total"] == "counter")

        // The tenth blocks 127.0.0.1: the right password too gets 429 with Retry-After.
        #expect(try daemon.send("GET", "/status", user: "admin", password: "x").status == 401)
        for _ in 0..<3 {
            let blocked = try daemon.get("/status")
            #expect(blocked.status == 429, "\(blocked.status) \(blocked.body)")
            let retryAfter = blocked.headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("retry-after:") }
            let seconds = retryAfter.flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            #expect((50...60).contains(seconds), "\(blocked.headers)")
        }
        let push = try daemon.send("POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=x.example", "zone")
        #expect(push.status == 429 && push.body.hasPrefix("error=1&text=too%20many%20failed%20logins"), "\(push.body)")
        // /health stays open for load balancers.
        #expect(try RawHTTPClient.send(port: daemon.port, request: Array("GET /health HTTP/1.0\r\n\r\n".utf8)).status == 200)
        // Another address is not slowed.
        let other = try SystemTool.run(
            "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--interface", "127.0.0.2", "-u", "directdnsonly:secret",
                              "http://127.0.0.1:\(daemon.port)/status"])
        #expect(other.output == "200", "\(other.output)")

        let log = daemon.log()
        let lines = log.split(separator: "\n")
        #expect(lines.filter { $0.contains("failed logins within 60 s from 127.0.0.1") }.count == 1, "\(log)")
        #expect(lines.contains { $0.contains("login failed on /internal/zones from 127.0.0.1 as user 'peer'") })
        #expect(lines.contains { $0.contains("login failed on /CMD_API_LOGIN_TEST from 127.0.0.1 as user 'mallory'") })
        #expect(!log.contains("not-the-password"))
    }
}
