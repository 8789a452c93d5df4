import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// The operator's view with a coredns_mysql backend: a stopped MariaDB goes retrying → failed
/// (still tried at the last interval) → manual retry → ok, and healing restores rows deleted behind our back.
@Suite("Operator view with MariaDB", .serialized, .offThePool)
struct CoreDNSMySQLOperatorTests {
    /// Rows of a zone; -1 while the tables do not exist yet.
    static func rowCount(_ server: MariaDBServer, _ domain: String) throws -> Int {
        guard let rows = try? server.sql(
            "SELECT COUNT(*) FROM records r JOIN zones z ON z.id = r.zone_id WHERE z.zone_name = '\(domain).'")
        else { return -1 }
        return Int(rows.first ?? "") ?? -1
    }

    @Test func aStoppedDatabaseGoesFailedAndRecoversOnManualRetry() throws {
        let server = try MariaDBServer()
        defer { server.destroy() }
        let daemon = try DadnsProcess(
            backends: DadnsProcess.corednsBackend(server, connectTimeout: 1), dns: "retry_schedule_seconds: [0.5, 0.5]", extra: "healing: {enabled: false}")
        defer { daemon.stop(); daemon.removeFiles() }
        try OperatorViewTests.push(daemon, "first.example", serial: 1)
        #expect(try DadnsProcess.waitFor { try Self.rowCount(server, "first.example") == 5 }, "\(daemon.log())")

        server.stop()
        try OperatorViewTests.push(daemon, "down.example", serial: 2)
        #expect(try DadnsProcess.waitFor { try daemon.backendStatus("coredns_dc1")["retrying"] as? Int == 1 }, "\(daemon.log())")
        #expect(try DadnsProcess.waitFor(seconds: 30) { try daemon.backendStatus("coredns_dc1")["failed"] as? Int == 1 }, "\(daemon.log())")
        let failed = try daemon.cli(["zones", "--state", "failed", "--json"])
        #expect(failed.output.contains("\"domain\" : \"down.example\""), "\(failed.output)")

        // A failed pair is still tried at the schedule's last interval (0.5 s here). Restarted with
        // an hour as that interval, the daemon tries it once more (it is due) and then leaves it
        // alone long enough to show the manual retry.
        #expect(daemon.stop() == 0)
        let restarted = try DadnsProcess(
            directory: daemon.directory, backends: DadnsProcess.corednsBackend(server, connectTimeout: 1),
            dns: "retry_schedule_seconds: [3600]", extra: "healing: {enabled: false}")
        defer { restarted.stop() }
        #expect(try DadnsProcess.waitFor {
            try restarted.metric("dadns_zone_applies_total", ["backend": "coredns_dc1", "result": "failed"]) >= 1
        }, "\(restarted.log())")
        try server.start()
        Thread.sleep(forTimeInterval: 1.5)
        #expect(try Self.rowCount(server, "down.example") == 0, "applied without a retry: the test proves nothing")
        let retried = try restarted.cli(["retry", "--zone", "down.example"])
        #expect(retried.output.contains("queued 1 zone(s)"), "\(retried.output)")
        #expect(try DadnsProcess.waitFor { try Self.rowCount(server, "down.example") == 5 }, "\(restarted.log())")
        #expect(try DadnsProcess.waitFor { try restarted.backendStatus("coredns_dc1")["failed"] as? Int == 0 })
        #expect(try restarted.status()["status"] as? String == "ok")
    }

    @Test func healingRestoresRowsDeletedInTheDatabase() throws {
        let server = try MariaDBServer()
        defer { server.destroy() }
        let daemon = try DadnsProcess(
            backends: DadnsProcess.corednsBackend(server, connectTimeout: 1), extra: "healing: {enabled: true, interval_minutes: 60, initial_delay_minutes: 60}")
        defer { daemon.stop(); daemon.removeFiles() }
        try OperatorViewTests.push(daemon, "rows.example", serial: 3)
        try OperatorViewTests.push(daemon, "intact.example", serial: 4)
        #expect(try DadnsProcess.waitFor { try Self.rowCount(server, "intact.example") == 5 && Self.rowCount(server, "rows.example") == 5 })

        // Someone deletes two rows and adds a stray one.
        _ = try server.sql("DELETE r FROM records r JOIN zones z ON z.id = r.zone_id WHERE z.zone_name = 'rows.example.' AND r.type IN ('A', 'TXT')")
        _ = try server.sql("INSERT INTO records (zone_id, hostname, type, data, ttl, online) SELECT id, 'stray', 'A', '198.51.100.1', 60, 1 FROM zones WHERE zone_name = 'rows.example.'")
        #expect(try Self.rowCount(server, "rows.example") != 5)

        let heal = try daemon.send("POST", "/api/heal", "")
        #expect(heal.status == 200 && heal.body.contains("\"rows.example\""), "\(heal.body)")
        #expect(!heal.body.contains("\"intact.example\""))
        #expect(try DadnsProcess.waitFor { try Self.rowCount(server, "rows.example") == 5 }, "\(daemon.log())")
        let stray = try server.sql("SELECT COUNT(*) FROM records WHERE hostname = 'stray'")
        #expect(stray.first == "0")
        let metrics = try PrometheusText(daemon.get("/metrics").body)
        #expect(metrics.value("dadns_verification_mismatches_total", ["backend": "coredns_dc1"]) == 1)
    }
}
