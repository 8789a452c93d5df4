import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// End to end: `dadns serve` with the reconciler on, a fake DirectAdmin, a real named; and the
/// `resync`, `register` and `check-config` commands.
@Suite("Reconciler end to end", .serialized, .offThePool)
struct ReconcilerEndToEndTests {
    static func reconciliation(_ fake: FakeDirectAdmin, enabled: Bool = true, more: String = "") -> String {
        """
        healing: {enabled: false}
        reconciliation:
          enabled: \(enabled)
          interval_minutes: 0.01
          initial_delay_minutes: 0
          fetch_per_second: 50
          timeout_seconds: 5
        \(more.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
          directadmin_servers:
            - hostname: 127.0.0.1
              port: \(fake.port)
              username: \(fake.username)
              password: \(fake.password)
              ssl: false
        """
    }

    static func servesSerial(_ named: NamedServer, _ domain: String, _ serial: Int) throws -> Bool {
        try named.query(domain, "SOA").answer.first?.contains(" \(serial) 3600 ") == true
    }

    @Test func aZoneMissedWhileDownIsFetchedAndServedAndAnOrphanIsRemoved() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        fake.setDomains(["missed.example"], zones: ["missed.example": FakeDirectAdmin.zone("missed.example", serial: 42)])
        let daemon = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named), extra: Self.reconciliation(fake, more: "max_delete_share: 1"))
        defer {
            daemon.stop()
            daemon.removeFiles()
        }
        // A zone DirectAdmin 127.0.0.1 pushed, and has since removed.
        let pushed = try daemon.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=gone.example&hostname=127.0.0.1&username=bob",
            FakeDirectAdmin.zone("gone.example", serial: 7))
        #expect(pushed.body == "error=0")
        #expect(try DadnsProcess.waitFor { try Self.servesSerial(named, "missed.example", 42) }, "\(daemon.log())")
        #expect(try DadnsProcess.waitFor { try named.query("gone.example", "SOA").status == "REFUSED" }, "\(daemon.log())")

        let section = try #require(try daemon.status()["reconciler"] as? [String: Any])
        #expect(section["status"] as? String == "enabled")
        #expect(section["dryRun"] as? Bool == false)
        #expect((section["passes"] as? Int ?? 0) >= 1 && JSONTime.seconds(section["lastRun"]) != nil)
        #expect(section["serversPolled"] as? Int == 1 && (section["serversUnreachable"] as? [String])?.isEmpty == true)
        #expect(section["zonesSeen"] as? Int == 1)
        #expect(section["lastResult"] as? [String: Any] != nil)
        let metrics = try PrometheusText(daemon.get("/metrics").body)
        #expect((metrics.value("dadns_reconciler_zones_total", ["kind": "fetched"]) ?? 0) >= 1)
        // named answers REFUSED for gone.example also before the lane first applied it, so the
        // pass that deletes it may still be to come: wait for it.
        #expect(try DadnsProcess.waitFor {
            (try PrometheusText(daemon.get("/metrics").body).value("dadns_reconciler_zones_total", ["kind": "deleted"]) ?? 0) >= 1
        }, "\(daemon.log())")
        let human = try daemon.cli(["status"])
        #expect(human.output.contains("reconciler: enabled, last pass"), "\(human.output)")
        #expect(daemon.log().contains("Reconciliation poller started [LIVE]"))
        #expect(!daemon.log().contains(fake.password))

        // DirectAdmin goes away: the status says so, and nothing is deleted.
        fake.mode = .garbageHTML
        #expect(try DadnsProcess.waitFor {
            (try daemon.status()["reconciler"] as? [String: Any])?["status"] as? String == "degraded"
        })
        let status = try daemon.status()
        #expect((status["reasons"] as? [String] ?? []).contains { $0.contains("127.0.0.1 could not be asked") })
        #expect(try Self.servesSerial(named, "missed.example", 42))
    }

    @Test func resyncCommandFetchesEveryZoneWithAProgressBarAndASummary() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let fake = try FakeDirectAdmin(mode: .loginRedirect)
        defer { fake.stop() }
        fake.setDomains(["r1.example", "r2.example", "r3.example"])
        let daemon = try DadnsProcess(backends: DadnsProcess.bindBackend(named), extra: Self.reconciliation(fake, enabled: false))
        defer {
            daemon.stop()
            daemon.removeFiles()
        }
        #expect((try daemon.status()["reconciler"] as? [String: Any])?["status"] as? String == "disabled")
        let dry = try daemon.cli(["resync", "--da", "127.0.0.1", "--dry-run"])
        #expect(dry.status == 0 && dry.output.contains("3 missing here") && dry.output.contains("would fetch: r1.example"), "\(dry.output)")
        #expect(fake.requests(to: "/CMD_API_DNS_ADMIN").isEmpty)

        let result = try daemon.cli(["resync", "--da", "127.0.0.1"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("3 zone(s) listed, 3 missing here, 3 stored (new or changed)"), "\(result.output)")
        #expect(result.output.contains("resync 127.0.0.1: 3/3 zone(s)"), "\(result.output)")
        for domain in ["r1.example", "r2.example", "r3.example"] {
            #expect(try DadnsProcess.waitFor { try Self.servesSerial(named, domain, 1) }, "\(domain): \(daemon.log())")
        }
        // Again: nothing new.
        let again = try daemon.cli(["resync", "--da", "127.0.0.1"])
        #expect(again.status == 0 && again.output.contains("0 stored (new or changed), 3 unchanged"), "\(again.output)")
        // An unknown server, and one that cannot be listed.
        let unknown = try daemon.cli(["resync", "--da", "da9.example"])
        #expect(unknown.status == 2 && unknown.output.contains("not under reconciliation.directadmin_servers"), "\(unknown.output)")
        fake.mode = .failing
        let failing = try daemon.cli(["resync", "--da", "127.0.0.1"])
        #expect(failing.status == 2 && failing.output.contains("HTTP status 500"), "\(failing.output)")
    }

    @Test func registerAddsThisNodeToTheMultiServerSetup() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        let daemon = try DadnsProcess(backends: DadnsProcess.bindBackend(named), extra: Self.reconciliation(fake, enabled: false))
        defer {
            daemon.stop()
            daemon.removeFiles()
        }
        let result = try daemon.cli(["register", "--da", "127.0.0.1", "--address", "192.0.2.53"])
        #expect(result.status == 0 && result.output.contains("192.0.2.53:\(daemon.port) added to"), "\(result.output)")
        let add = try #require(fake.requests(to: "/CMD_MULTI_SERVER").first { $0.form["action"] == "add" })
        #expect(add.method == "POST" && add.form["ip"] == "192.0.2.53" && add.form["port"] == String(daemon.port))
        #expect(add.form["user"] == "directdnsonly" && add.form["passwd"] == "secret" && add.form["ssl"] == "no")
        let entry = try #require(fake.multiServers["192.0.2.53"])
        #expect(entry["dns"] == "yes" && entry["domain_check"] == "yes" && entry["user_check"] == "no")
        #expect(!result.output.contains("secret"))
    }

    @Test func checkConfigMasksTheDirectAdminPassword() throws {
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-cc-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("app.yml").path
        try ("dns:\n  backends:\n    bind: {enabled: true}\n" + Self.reconciliation(fake)).write(toFile: path, atomically: true, encoding: .utf8)
        // --config-only: the printed configuration is the point; the host checks would probe port 2222.
        let (status, output) = try ProgramRun.output([TestBinaries.dadns(), "check-config", "--config-only", "--config", path])
        #expect(status == 0, "\(output)")
        #expect(output.contains("directadmin_servers:") && output.contains("- hostname: 127.0.0.1"), "\(output)")
        #expect(output.contains("password: '********'") && !output.contains(fake.password), "\(output)")
    }
}
