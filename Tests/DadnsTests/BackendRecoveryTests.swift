import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// Nothing stays failed while its backend works: failed pairs keep being retried, a backend that
/// applies zones again takes the ones it missed at once, and `/health` and `/status` describe the
/// present — all without a manual `dadns retry`.
@Suite("Backend recovery without a manual retry", .serialized, .offThePool)
struct BackendRecoveryTests {
    @Test func aZoneThatFailedIsServedAndHealthIsOkOnceNamedIsBack() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named), dns: "retry_schedule_seconds: \"1,1\"", extra: "healing: {enabled: false}")
        defer { daemon.stop(); daemon.removeFiles() }

        named.kill()
        try OperatorViewTests.push(daemon, "down.example", serial: 4)
        #expect(try DadnsProcess.waitFor { try daemon.backlog("bind").failed == 1 }, "never failed: \(daemon.log())")
        let down = try daemon.get("/health")
        #expect(down.status == 503 && down.body.contains("bind: every attempt has failed for"), "\(down.body)")

        try named.restart()
        #expect(try DadnsProcess.waitFor { try OperatorViewTests.servesSerial(named, "down.example", 4) })
        #expect(DadnsProcess.waitFor { daemon.isCaughtUp("bind") }, "\(daemon.backlogDescription("bind")): \(daemon.log())")
        let health = try daemon.get("/health")
        #expect(health.status == 200 && health.body == "ok\n", "\(health.body)")
        let status = try daemon.status()
        #expect(status["status"] as? String == "ok" && (status["reasons"] as? [String] ?? ["?"]).isEmpty, "\(status)")
        #expect(!daemon.log().contains("dadns retry"), "the log asked for a manual retry")
    }

    /// With a long last interval (an hour), a zone that failed while named was down is not left
    /// waiting once named applies zones again: the next zone that applies brings it along.
    @Test func aZoneWaitingAnHourIsAppliedAtOnceWhenAnotherZoneApplies() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named), dns: "retry_schedule_seconds: \"3600\"", extra: "healing: {enabled: false}")
        defer { daemon.stop(); daemon.removeFiles() }
        try OperatorViewTests.push(daemon, "first.example", serial: 1)
        #expect(try DadnsProcess.waitFor { try OperatorViewTests.servesSerial(named, "first.example", 1) })

        named.kill()
        try OperatorViewTests.push(daemon, "first.example", serial: 2)
        #expect(try DadnsProcess.waitFor { try daemon.backlog("bind").retrying == 1 }, "never retrying: \(daemon.log())")
        try named.restart()
        // named read the new file at its start; dadns does not know that yet: still an hour to wait.
        Thread.sleep(forTimeInterval: 1.5)
        #expect(try daemon.backlog("bind").retrying == 1)

        try OperatorViewTests.push(daemon, "second.example", serial: 1)
        #expect(DadnsProcess.waitFor { daemon.isCaughtUp("bind") }, "\(daemon.backlogDescription("bind")): \(daemon.log())")
        #expect(try OperatorViewTests.servesSerial(named, "second.example", 1))
        #expect(try OperatorViewTests.servesSerial(named, "first.example", 2))
        #expect(daemon.log().contains("bind applies zones again: 1 failed or retrying zone(s) queued for another attempt now"), "\(daemon.log())")
        let status = try daemon.status()
        #expect(status["status"] as? String == "ok" && (status["reasons"] as? [String] ?? ["?"]).isEmpty, "\(status)")
    }
}
