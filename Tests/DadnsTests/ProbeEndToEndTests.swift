import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// `dadns probe` against a running daemon and a real named: a zone named serves from an old
/// copy is reported stale, queued again by the daemon, and served again; /status and /metrics
/// show the results.
@Suite("Served-state probe end to end", .serialized, .offThePool)
struct ProbeEndToEndTests {
    static let domain = "probed.example"

    static func serves(_ named: NamedServer, serial: Int) throws -> Bool {
        try named.query(domain, "SOA").answer.first?.contains(" \(serial) 3600 ") == true
    }

    @Test func dadnsProbeFindsAnOldCopyNamedServesAndTheDaemonAppliesTheZoneAgain() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named) + "\n  dns_address: 127.0.0.1:\(named.port)",
            extra: "healing: {enabled: false}\nprobe: {timeout_ms: 300, retries: 1}")
        defer { daemon.stop(); daemon.removeFiles() }
        var oldCopy = ""
        for serial in 1...2 {
            let zone = DirectAdminToNamedTests.zone(Self.domain, serial: serial, address: "192.0.2.\(serial)")
            let reply = try daemon.send("POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(Self.domain)&hostname=da1.example", zone)
            #expect(reply.status == 200 && reply.body == "error=0", "\(reply.body)")
            #expect(try DadnsProcess.waitFor { try Self.serves(named, serial: serial) }, "v\(serial) not served: \(daemon.log())")
            if serial == 1 { oldCopy = try String(contentsOfFile: named.zonesDirectory + "/\(Self.domain).db", encoding: .utf8) }
        }

        let served = try daemon.cli(["probe"])
        #expect(served.status == 0, "\(served.output)")
        #expect(served.output.contains("bind (127.0.0.1:\(named.port)): 1 zone(s): 1 served, 0 stale, 0 missing, 0 unanswered"), "\(served.output)")

        // Behind dadns's back named is made to serve the old copy again.
        try oldCopy.write(toFile: named.zonesDirectory + "/\(Self.domain).db", atomically: true, encoding: .utf8)
        #expect(try named.rndc(["reload", Self.domain]) == 0)
        #expect(try DadnsProcess.waitFor { try Self.serves(named, serial: 1) })

        let stale = try daemon.cli(["probe", "--zone", Self.domain.uppercased()])
        #expect(stale.status == 1, "\(stale.output)")
        #expect(stale.output.contains("bind  \(Self.domain)  stale (serial 1, want 2)"), "\(stale.output)")
        #expect(stale.output.contains("1 queued to be applied again"), "\(stale.output)")
        // The daemon's lane applies the zone again: named serves the stored serial.
        #expect(try DadnsProcess.waitFor { try Self.serves(named, serial: 2) }, "not applied again: \(daemon.log())")
        let status = try daemon.status()
        let probe = try #require(status["probe"] as? [String: Any], "\(status)")
        let backends = try #require(probe["backends"] as? [[String: Any]])
        #expect(backends.first?["stale"] as? Int == 1, "the latest result until the next probe: \(probe)")
        #expect((probe["notServed"] as? [[String: Any]])?.first?["zone"] as? String == Self.domain, "\(probe)")
        #expect(status["status"] as? String == "degraded", "\(status)")
        let shown = try daemon.cli(["status"])
        #expect(shown.output.contains("probe: degraded, last pass "), "\(shown.output)")
        #expect(shown.output.contains("\n  bind (127.0.0.1:\(named.port)): 0 served, 1 stale, 0 missing, 0 unanswered\n"), "\(shown.output)")

        let again = try daemon.cli(["probe", "--json"])
        #expect(again.status == 0, "\(again.output)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(again.output.utf8)) as? [String: Any])
        #expect((report["backends"] as? [[String: Any]])?.first?["served"] as? Int == 1, "\(again.output)")
        let after = try daemon.status()
        #expect(after["status"] as? String == "ok", "\(after)")

        let metrics = try PrometheusText(try daemon.get("/metrics").body)
        #expect(metrics.value("dadns_probe_zones", ["backend": "bind", "state": "served"]) == 1)
        #expect(metrics.value("dadns_probe_zones", ["backend": "bind", "state": "stale"]) == 0)
        #expect(metrics.value("dadns_probe_passes_total", [:]) == 2)
        #expect(metrics.value("dadns_probe_duration_seconds", ["backend": "bind"]) != nil)

        let unknown = try daemon.cli(["probe", "--zone", "nope.example"])
        #expect(unknown.status != 0 && unknown.output.contains("nope.example is not a present zone here"), "\(unknown.output)")
        #expect(try daemon.send("POST", "/api/probe?backend=nope", "").status == 400)
        #expect(try daemon.send("POST", "/api/probe?zone=nope.example", "").status == 404)
    }

    @Test func thePeriodicPassFeedsTheConsoleAndTheCLIProbesWithoutADaemon() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named) + "\n  dns_address: 127.0.0.1:\(named.port)",
            extra: "healing: {enabled: false}\nprobe: {interval_minutes: 0.005, timeout_ms: 300}")
        defer { daemon.stop(); daemon.removeFiles() }
        let zone = DirectAdminToNamedTests.zone(Self.domain, serial: 5, address: "192.0.2.5")
        #expect(try daemon.send("POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(Self.domain)&hostname=da1.example", zone).status == 200)
        #expect(try DadnsProcess.waitFor { try Self.serves(named, serial: 5) }, "not served: \(daemon.log())")

        // Passes run on their own (every 0.3 s here) and find the zone served.
        #expect(try DadnsProcess.waitFor {
            let probe = try daemon.status()["probe"] as? [String: Any]
            return (probe?["backends"] as? [[String: Any]])?.first?["served"] as? Int == 1 && (probe?["passes"] as? Int ?? 0) >= 1
        }, "no pass found the zone served: \(daemon.log())")
        #expect(daemon.log().contains("[probe] bind: 1 served, 0 stale, 0 missing, 0 unanswered"), "\(daemon.log())")

        // The console's zone page and overview show the probe's result.
        let session = try ConsoleLogin(port: daemon.port)
        let page = try session.get("/ui/zones/\(Self.domain)")
        #expect(page.contains("data-probe=\"served\">served</td>"), "\(page)")
        let overview = try session.get("/ui/")
        #expect(overview.contains("<dt>Probe</dt><dd class=\"probe\">127.0.0.1:\(named.port): 1 served, 0 stale, 0 missing, 0 unanswered"), "\(overview)")

        // No daemon: the CLI asks named itself.
        #expect(daemon.stop() == 0)
        let offline = try daemon.cli(["probe", "--zone", Self.domain])
        #expect(offline.status == 0, "\(offline.output)")
        #expect(offline.output.contains("bind  \(Self.domain)  served (serial 5)"), "\(offline.output)")
    }

    @Test func aProbeLongerThanTheIdleTimeoutStillAnswersTheCLI() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named) + "\n  dns_address: 127.0.0.1:\(named.port)", app: "idle_timeout_seconds: 1",
            extra: "healing: {enabled: false}\nprobe: {queries_per_second: 1}")
        defer { daemon.stop(); daemon.removeFiles() }
        let domains = (1...3).map { "slow\($0).example" }
        for domain in domains {
            let zone = DirectAdminToNamedTests.zone(domain, serial: 1, address: "192.0.2.1")
            #expect(try daemon.send("POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domain)&hostname=da1.example", zone).status == 200)
        }
        #expect(try DadnsProcess.waitFor { try domains.allSatisfy { try named.query($0, "SOA").status == "NOERROR" } })
        // One query a second: the answer comes after about 2 s, beyond the 1 s idle timeout.
        let probe = try daemon.cli(["probe"])
        #expect(probe.status == 0, "\(probe.output)")
        #expect(probe.output.contains("3 zone(s): 3 served"), "\(probe.output)")
    }
}

/// A console session on a daemon's port: logged in through the form as the browser does.
struct ConsoleLogin {
    let port: Int
    let session: String

    init(port: Int) throws {
        self.port = port
        let form = try Self.request(port, "GET /ui/login HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        let token = try #require(Self.between(form.body, "name=\"csrf\" value=\"", "\""))
        let login = try #require(Self.between(form.headers, "dadns_login=", ";"))
        let body = "csrf=\(token)&username=directdnsonly&password=secret"
        let answer = try Self.request(port, "POST /ui/login HTTP/1.0\r\nHost: 127.0.0.1\r\nCookie: dadns_login=\(login)\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        session = try #require(Self.between(answer.headers, "dadns_session=", ";"), "\(answer.headers)")
    }

    func get(_ path: String) throws -> String {
        try Self.request(port, "GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\nCookie: dadns_session=\(session)\r\n\r\n").body
    }

    static func request(_ port: Int, _ text: String) throws -> RawHTTPClient.Reply {
        try RawHTTPClient.send(port: port, request: Array(text.utf8))
    }

    static func between(_ text: String, _ start: String, _ end: String) -> String? {
        guard let from = text.range(of: start), let to = text.range(of: end, range: from.upperBound..<text.endIndex) else { return nil }
        return String(text[from.upperBound..<to.lowerBound])
    }
}
