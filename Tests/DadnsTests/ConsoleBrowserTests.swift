import DadnsTestKit
import Foundation
import Testing

/// The operator console in a real browser (issue 18): `scripts/ui-test/console_test.py` drives
/// headless Chromium with Selenium against a `dadns serve` with a real named whose zone failed
/// while named was down. Without chromium, chromedriver or Selenium the test fails; it never skips.
@Suite("Console in a real browser", .serialized)
struct ConsoleBrowserTests {
    static var script: String { CrashTestScriptTests.repository.appendingPathComponent("scripts/ui-test/console_test.py").path }

    @Test func logInSearchSeeTheFailedZoneRetryItRollAZoneBackAndLogOut() throws {
        #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"), "chromium is not installed")
        #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"), "chromium-driver is not installed")
        let named = try NamedServer()
        defer { named.stop() }
        // Two quick failures, then a long wait: the zone is `failed` and waits 20 s for its next
        // attempt, so only the console's retry can make it ok within the script's time.
        let daemon = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named), dns: "retry_schedule_seconds: [0.5, 20]", extra: "healing: {enabled: false}")
        defer { daemon.stop(); daemon.removeFiles() }
        for domain in ["shop.example", "blog.example"] { try OperatorViewTests.push(daemon, domain, serial: 1) }
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
             "shop.example"],
            logFile: output.path)
        let status = child.wait(timeout: 120)
        if status == nil { child.signal(SIGKILL); _ = child.wait() }
        let printed = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(printed)\n\(daemon.log())")
        #expect(printed.contains("console browser test passed"), "\(printed)")
        #expect(try OperatorViewTests.servesSerial(named, "broken.example", 7))
        // The rollback reached named: it serves generation 1's serial again.
        #expect(try DadnsProcess.waitFor { try OperatorViewTests.servesSerial(named, "shop.example", 1) }, "\(daemon.log())")
    }
}
