import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// End to end: `dadns reconcile` against `dadns serve` with the reconciler in dry run, a fake
/// DirectAdmin and a real named — the pass only lists; the operator's approvals act, and an
/// ignored orphan is left alone by later passes, its ignore list in the data directory.
@Suite("dadns reconcile end to end", .serialized, .offThePool)
struct ReconcileCommandEndToEndTests {
    static func candidates(_ daemon: DadnsProcess) throws -> [String: Any] {
        let run = try daemon.cli(["reconcile", "list", "--json"])
        guard run.status == 0, let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any] else {
            throw NamedServer.Failure("dadns reconcile list --json: \(run.status) \(run.output)")
        }
        return object
    }

    static func domains(_ document: [String: Any], _ key: String) -> [String] {
        (document[key] as? [[String: Any]] ?? []).compactMap { $0["domain"] as? String }
    }

    @Test func aDryRunsOrphanAndMissingZoneAreApprovedOrIgnoredByTheOperator() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        fake.setDomains(["kept.example", "missed.example"], zones: ["missed.example": FakeDirectAdmin.zone("missed.example", serial: 42)])
        let daemon = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named), extra: ReconcilerEndToEndTests.reconciliation(fake, more: "dry_run: true\nmax_delete_share: 1"))
        defer {
            daemon.stop()
            daemon.removeFiles()
        }
        for (domain, serial) in [("kept.example", 1), ("gone.example", 7), ("old.example", 9)] {
            let pushed = try daemon.send(
                "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domain)&hostname=127.0.0.1&username=bob",
                FakeDirectAdmin.zone(domain, serial: serial))
            #expect(pushed.body == "error=0")
        }
        var listed: [String: Any] = [:]
        #expect(
            try DadnsProcess.waitFor(seconds: 30) {
                listed = try Self.candidates(daemon)
                return Self.domains(listed, "orphans") == ["gone.example", "old.example"] && Self.domains(listed, "missing") == ["missed.example"]
            }, "\(listed)\n\(daemon.log())")
        // The dry run itself neither deleted nor fetched.
        #expect(try ReconcilerEndToEndTests.servesSerial(named, "gone.example", 7))
        #expect(try named.query("missed.example", "SOA").status == "REFUSED")
        let text = try daemon.cli(["reconcile"])
        #expect(text.status == 0 && text.output.contains("gone.example (127.0.0.1): dry run"), "\(text.output)")

        let fetched = try daemon.cli(["reconcile", "approve", "missed.example"])
        #expect(fetched.status == 0 && fetched.output.contains("missed.example (missing): fetched from 127.0.0.1"), "\(fetched.output)")
        #expect(try DadnsProcess.waitFor { try ReconcilerEndToEndTests.servesSerial(named, "missed.example", 42) }, "\(daemon.log())")
        let deleted = try daemon.cli(["reconcile", "approve", "gone.example"])
        #expect(deleted.status == 0 && deleted.output.contains("gone.example (orphan): deleted"), "\(deleted.output)")
        #expect(try DadnsProcess.waitFor { try named.query("gone.example", "SOA").status == "REFUSED" }, "\(daemon.log())")

        let ignored = try daemon.cli(["reconcile", "ignore", "old.example"])
        #expect(ignored.status == 0 && ignored.output.contains("old.example (orphan): ignored"), "\(ignored.output)")
        let file = daemon.directory.appendingPathComponent("data/reconciler-ignored.json")
        #expect(try String(contentsOf: file, encoding: .utf8).contains("\"domain\" : \"old.example\""))
        // Later passes no longer list it; it is still served.
        let passes = try #require(try daemon.status()["reconciler"] as? [String: Any])["passes"] as? Int ?? 0
        #expect(try DadnsProcess.waitFor { (try daemon.status()["reconciler"] as? [String: Any])?["passes"] as? Int ?? 0 >= passes + 2 })
        listed = try Self.candidates(daemon)
        #expect(Self.domains(listed, "orphans").isEmpty && Self.domains(listed, "missing").isEmpty, "\(listed)")
        #expect(Self.domains(listed, "ignored") == ["old.example"])
        #expect(try ReconcilerEndToEndTests.servesSerial(named, "old.example", 9))

        let notACandidate = try daemon.cli(["reconcile", "approve", "kept.example"])
        #expect(notACandidate.status != 0 && notACandidate.output.contains("not an orphan or missing zone"), "\(notACandidate.output)")
        #expect(try daemon.cli(["reconcile", "unignore", "old.example"]).status == 0)
        #expect(try DadnsProcess.waitFor { Self.domains(try Self.candidates(daemon), "orphans") == ["old.example"] })
    }
}
