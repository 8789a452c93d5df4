import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// Retries, failed pairs, manual retry, healing and metrics, against a real named.
@Suite("Operator view: retries, healing, status and metrics", .serialized, .offThePool)
struct OperatorViewTests {
    static func zone(_ domain: String, serial: Int) -> String {
        DirectAdminToNamedTests.zone(domain, serial: serial, address: "192.0.2.\(serial % 250 + 1)")
    }

    static func servesSerial(_ named: NamedServer, _ domain: String, _ serial: Int) throws -> Bool {
        try named.query(domain, "SOA").answer.first?.contains(" \(serial) 3600 ") == true
    }

    static func push(_ daemon: DadnsProcess, _ domain: String, serial: Int) throws {
        let reply = try daemon.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domain)&hostname=da1.example&username=bob", zone(domain, serial: serial))
        #expect(reply.status == 200 && reply.body == "error=0", "\(reply.body)")
    }

    @Test func aFailingBackendRetriesThenFailsKeepsTryingAndRecoversByItself() throws {
        let named = try NamedServer()
        defer { named.stop() }
        // rndc pointing at a port nothing listens on: every apply fails.
        let broken = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named, rndcPort: try FreePort.find()),
            dns: "retry_schedule_seconds: [0.5, 0.5]", extra: "healing: {enabled: false}")
        defer { broken.removeFiles() }
        try Self.push(broken, "retry.example", serial: 5)

        #expect(try DadnsProcess.waitFor { try broken.backendStatus("bind")["retrying"] as? Int == 1 }, "never retrying: \(broken.log())")
        #expect(try DadnsProcess.waitFor { try broken.backendStatus("bind")["failed"] as? Int == 1 }, "never failed: \(broken.log())")
        let failedStatus = try broken.status()
        #expect(failedStatus["status"] as? String == "error")  // every attempt fails
        #expect((failedStatus["reasons"] as? [String] ?? []).contains { $0.contains("failed after every retry; tried again every 0.5 s") })
        let failedPairs = try broken.cli(["zones", "--state", "failed"])
        #expect(failedPairs.status == 0 && failedPairs.output.contains("retry.example  bind     failed"), "\(failedPairs.output)")
        // The schedule is used up once; after it the pair is still tried, at its last interval.
        #expect(try DadnsProcess.waitFor {
            try PrometheusText(broken.get("/metrics").body).value("dadns_zone_applies_total", ["backend": "bind", "result": "failed"]) ?? 0 >= 5
        }, "a failed pair was not tried again: \(broken.log())")
        let metrics = try PrometheusText(broken.get("/metrics").body)
        #expect(metrics.value("dadns_failed_zones", ["backend": "bind"]) == 1)
        #expect(metrics.value("dadns_retries_exhausted_total", ["backend": "bind"]) == 1)
        #expect(metrics.value("dadns_retries_scheduled_total", ["backend": "bind"]) ?? 0 >= 3)
        #expect(try !Self.servesSerial(named, "retry.example", 5))
        #expect(broken.stop() == 0, "a graceful stop exits 0")

        // With the daemon stopped, `dadns retry` marks the pair due in the store; an unknown zone is an error.
        let offline = try broken.cli(["retry", "--backend", "bind"])
        #expect(offline.status == 0 && offline.output.contains("queued 1 zone(s)"), "\(offline.output)")
        let offlineUnknown = try broken.cli(["retry", "--zone", "nope.example"])
        #expect(offlineUnknown.status != 0 && offlineUnknown.output.contains("nope.example is not known to this node"), "\(offlineUnknown.output)")

        // Restart with rndc fixed: the zone is applied with no `dadns retry`.
        let fixed = try DadnsProcess(
            directory: broken.directory, backends: DadnsProcess.bindBackend(named), extra: "healing: {enabled: false}")
        defer { fixed.stop() }
        #expect(try DadnsProcess.waitFor { try Self.servesSerial(named, "retry.example", 5) }, "\(fixed.log())")
        #expect(try DadnsProcess.waitFor { try fixed.backendStatus("bind")["failed"] as? Int == 0 })
        let status = try fixed.cli(["status"])
        #expect(status.status == 0 && status.output.contains("OK"), "\(status.output)")
        let shown = try fixed.cli(["zone", "show", "retry.example"])
        #expect(shown.output.contains("bind     ok"), "\(shown.output)")
        let nothing = try fixed.cli(["retry", "--zone", "retry.example"])
        #expect(nothing.status == 0 && nothing.output.contains("nothing to retry"), "\(nothing.output)")
        let unknown = try fixed.cli(["retry", "--zone", "nope.example"])
        #expect(unknown.status != 0 && unknown.output.contains("nope.example is not known to this node"), "\(unknown.output)")
        #expect(try fixed.send("POST", "/api/retry?zone=nope.example", "").status == 404)
    }

    @Test func aNewerPushResetsTheAttempts() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named, rndcPort: try FreePort.find()),
            dns: "retry_schedule_seconds: [0.3]", extra: "healing: {enabled: false}")
        defer { daemon.stop(); daemon.removeFiles() }
        try Self.push(daemon, "again.example", serial: 1)
        #expect(try DadnsProcess.waitFor { try daemon.backendStatus("bind")["failed"] as? Int == 1 })
        try Self.push(daemon, "again.example", serial: 2)
        // The new generation starts over: attempted again (and failing again), not left failed.
        #expect(try DadnsProcess.waitFor {
            try daemon.cli(["zone", "show", "again.example", "--json"]).output.contains("\"generation\" : 2")
        })
        #expect(try DadnsProcess.waitFor { daemon.log().contains("again.example: rndc") && daemon.log().components(separatedBy: "again.example: rndc").count >= 4 })
    }

    @Test func healingRestoresAZoneRemovedBehindOurBack() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named),
            extra: "healing: {enabled: true, interval_minutes: 0.01, initial_delay_minutes: 0}")
        defer { daemon.stop(); daemon.removeFiles() }
        try Self.push(daemon, "kept.example", serial: 3)
        try Self.push(daemon, "heal.example", serial: 4)
        #expect(try DadnsProcess.waitFor { try Self.servesSerial(named, "heal.example", 4) })

        // Someone deletes the zone file and its include entry, and named drops the zone. The daemon
        // is frozen meanwhile (SIGSTOP): a healing pass every 0.6 s could otherwise heal the zone
        // before the query below sees named drop it. (A pass halfway through such an edit is
        // BindBackendTests.aZoneTakenOutOfTheIncludeAfterItWasReadIsAddedAgain.)
        let file = "\(named.zonesDirectory)/heal.example.db"
        daemon.process.signal(SIGSTOP)
        do {
            defer { daemon.process.signal(SIGCONT) }
            try FileManager.default.removeItem(atPath: file)
            let include = try String(contentsOfFile: named.includeFile, encoding: .utf8)
            try include.split(separator: "\n").filter { !$0.contains("\"heal.example\"") }.joined(separator: "\n")
                .write(toFile: named.includeFile, atomically: true, encoding: .utf8)
            #expect(try named.rndc(["reconfig"]) == 0)
            #expect(try named.query("heal.example", "SOA").status == "REFUSED")
        }

        // The healing pass puts it back, and named serves it again.
        #expect(try DadnsProcess.waitFor { try Self.servesSerial(named, "heal.example", 4) }, "\(daemon.log())")
        #expect(FileManager.default.fileExists(atPath: file))
        #expect(try Self.servesSerial(named, "kept.example", 3))
        #expect(daemon.log().contains("[heal] bind: 2 zone(s) checked; queued 1 missing or different (heal.example)"))
        let metrics = try PrometheusText(daemon.get("/metrics").body)
        #expect((metrics.value("dadns_heal_zones_total", ["backend": "bind", "kind": "drifted"]) ?? 0) >= 1)
        // Each pass reports its cost: wall time, its longest single call to the backend, CPU time.
        for gauge in ["dadns_heal_pass_seconds", "dadns_heal_longest_hold_seconds"] {
            #expect((metrics.value(gauge, ["backend": "bind"]) ?? 0) > 0, "\(gauge)")
        }
        #expect(metrics.value("dadns_heal_cpu_seconds", ["backend": "bind"]) != nil)
        let healing = try daemon.status()["healing"] as? [String: Any]
        let lastReport = (healing?["lastResults"] as? [[String: Any]])?.first
        #expect(lastReport?["longestHoldSeconds"] as? Double ?? 0 > 0, "\(healing ?? [:])")
        #expect(daemon.log().contains("longest backend hold"))

        // A deleted zone put back behind our back is removed again; a zone we never knew is left.
        let deleted = try daemon.send("POST", "/CMD_API_DNS_ADMIN", "action=delete&hostname=da1.example&select0=kept.example")
        #expect(deleted.body == "error=0")
        #expect(try DadnsProcess.waitFor { try named.query("kept.example", "SOA").status == "REFUSED" })
        try Self.zone("kept.example", serial: 3).write(toFile: "\(named.zonesDirectory)/kept.example.db", atomically: true, encoding: .utf8)
        try Self.zone("stranger.example", serial: 1).write(toFile: "\(named.zonesDirectory)/stranger.example.db", atomically: true, encoding: .utf8)
        let withExtras = try String(contentsOfFile: named.includeFile, encoding: .utf8) + """

            zone "kept.example" { type master; file "\(named.zonesDirectory)/kept.example.db"; };
            zone "stranger.example" { type master; file "\(named.zonesDirectory)/stranger.example.db"; };

            """
        try withExtras.write(toFile: named.includeFile, atomically: true, encoding: .utf8)
        #expect(try named.rndc(["reconfig"]) == 0)
        // (The next pass may come before or after named loads it; either way it must go.)
        #expect(try DadnsProcess.waitFor { daemon.log().contains("and 1 deleted (kept.example)") }, "\(daemon.log())")
        #expect(try DadnsProcess.waitFor {
            try named.query("kept.example", "SOA").status == "REFUSED"
                && !FileManager.default.fileExists(atPath: "\(named.zonesDirectory)/kept.example.db")
        })
        #expect(try Self.servesSerial(named, "stranger.example", 1), "a zone the store never saw must be left alone")
        #expect(daemon.log().contains("unknown to the store, left alone (stranger.example)"))
    }

    @Test func metricsAreValidPrometheusTextAndCountersMove() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(backends: DadnsProcess.bindBackend(named), extra: "healing: {enabled: false}")
        defer { daemon.stop(); daemon.removeFiles() }
        let before = try PrometheusText(daemon.get("/metrics").body)
        for index in 1...3 { try Self.push(daemon, "m\(index).example", serial: index) }
        try Self.push(daemon, "m1.example", serial: 1)  // the same content again
        let invalid = try daemon.send("POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=bad.example", "this is not a zone")
        #expect(invalid.status == 400)
        #expect(try DadnsProcess.waitFor { try Self.servesSerial(named, "m3.example", 3) })
        #expect(try DadnsProcess.waitFor { try daemon.backendStatus("bind")["pending"] as? Int == 0 })

        let after = try PrometheusText(daemon.get("/metrics").body)
        func delta(_ name: String, _ labels: [String: String]) -> Double {
            (after.value(name, labels) ?? 0) - (before.value(name, labels) ?? 0)
        }
        #expect(delta("dadns_pushes_total", ["action": "rawsave", "result": "ok"]) == 3)
        #expect(delta("dadns_pushes_total", ["action": "rawsave", "result": "unchanged"]) == 1)
        #expect(delta("dadns_pushes_total", ["action": "rawsave", "result": "invalid"]) == 1)
        #expect(delta("dadns_zone_applies_total", ["backend": "bind", "result": "ok"]) == 3)
        #expect(after.value("dadns_change_to_applied_seconds_count", ["backend": "bind"]) == 3)
        #expect(after.value("dadns_zones", [:]) == 3)
        #expect(after.value("dadns_pending_zones", ["backend": "bind"]) == 0)
        let unauthorized = try RawHTTPClient.send(port: daemon.port, request: Array("GET /metrics HTTP/1.0\r\n\r\n".utf8))
        #expect(unauthorized.status == 401)
        let health = try RawHTTPClient.send(port: daemon.port, request: Array("GET /health HTTP/1.0\r\n\r\n".utf8))
        #expect(health.status == 200 && health.body.hasPrefix("ok"))
    }
}
