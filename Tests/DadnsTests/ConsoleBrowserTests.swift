import DadnsTestKit
import DadnsTestTraits
import Foundation
import Testing

/// The operator console in a real browser (issue 18): `scripts/ui-test/console_test.py` drives
/// headless Chromium with Selenium against a `dadns serve` with a real named whose zone failed
/// while named was down, and a reconciler in dry run against a fake DirectAdmin. Without
/// chromium, chromedriver or Selenium the test fails; it never skips.
@Suite("Console in a real browser", .serialized, .offThePool)
struct ConsoleBrowserTests {
    static var script: String { CrashTestScriptTests.repository.appendingPathComponent("scripts/ui-test/console_test.py").path }

    @Test func logInSearchSeeTheFailedZoneRetryItRollAZoneBackDecideTheReconcilersZonesAndLogOut() throws {
        #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"), "chromium is not installed")
        #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"), "chromium-driver is not installed")
        let named = try NamedServer()
        defer { named.stop() }
        // A reconciler in dry run: DirectAdmin 127.0.0.1 lists missed.example, no longer orphan.example.
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        fake.setDomains(["missed.example"], zones: ["missed.example": FakeDirectAdmin.zone("missed.example", serial: 42)])
        // Two quick failures, then a long wait: the zone is `failed` and waits 20 s for its next
        // attempt, so only the console's retry can make it ok within the script's time.
        let daemon = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named), dns: "retry_schedule_seconds: [0.5, 20]",
            extra: ReconcilerEndToEndTests.reconciliation(fake, more: "dry_run: true"))
        defer { daemon.stop(); daemon.removeFiles() }
        for domain in ["shop.example", "blog.example"] { try OperatorViewTests.push(daemon, domain, serial: 1) }
        let orphan = try daemon.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=orphan.example&hostname=127.0.0.1&username=bob",
            FakeDirectAdmin.zone("orphan.example", serial: 3))
        #expect(orphan.body == "error=0")
        // Two versions of shop.example for the script to roll back.
        try OperatorViewTests.push(daemon, "shop.example", serial: 2)
        #expect(DadnsProcess.waitFor { daemon.isCaughtUp("bind") }, "\(daemon.log())")

        named.kill()
        try OperatorViewTests.push(daemon, "broken.example", serial: 7)
        #expect(try DadnsProcess.waitFor(seconds: 60) { try daemon.backlog("bind").failed == 1 }, "never failed: \(daemon.log())")
        try named.restart()

        let output = FileManager.default.temporaryDirectory.appendingPathComponent("console-test-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let child = try SpawnedProcess(
            [CrashTestScriptTests.python(), Self.script, "http://127.0.0.1:\(daemon.port)", "directdnsonly", "secret", "broken.example",
             "shop.example", "orphan.example", "missed.example"],
            logFile: output.path)
        let status = child.wait(timeout: 120)
        if status == nil { child.signal(SIGKILL); _ = child.wait() }
        let printed = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(printed)\n\(daemon.log())")
        #expect(printed.contains("console browser test passed"), "\(printed)")
        #expect(try OperatorViewTests.servesSerial(named, "broken.example", 7))
        // The fetch approved on the reconciler page reached named; the ignored orphan is still served.
        #expect(try DadnsProcess.waitFor { try OperatorViewTests.servesSerial(named, "missed.example", 42) }, "\(daemon.log())")
        #expect(try OperatorViewTests.servesSerial(named, "orphan.example", 3))
        // The rollback reached named: it serves generation 1's serial again.
        #expect(try DadnsProcess.waitFor { try OperatorViewTests.servesSerial(named, "shop.example", 1) }, "\(daemon.log())")
    }
}
