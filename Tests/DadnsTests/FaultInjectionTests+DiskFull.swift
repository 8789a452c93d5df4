import Foundation
import Testing
import DadnsTestKit

extension FaultInjectionTests {
    /// The store's file system fills up. `datastore.db_location` is on an 8 MiB tmpfs that a
    /// filler file then takes whole: pushes must be refused (`error=1`), never acknowledged
    /// unstored; the daemon stays up; nothing acknowledged before is lost; once space is back,
    /// pushes are accepted and everything converges — also after a restart on the same store.
    @Test func storeDiskFullDuringPushes() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let nsd = try NSDServer()
        defer { nsd.stop() }
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-full-\(UUID().uuidString.prefix(8))")
        let disk = try SmallFileSystem(at: directory.path + "/data", sizeBytes: 8 << 20)
        defer {
            disk.unmount()
            try? FileManager.default.removeItem(at: directory)
        }
        let backends = DadnsProcess.bindBackend(named) + "\n" + DadnsProcess.nsdBackend(nsd)
        var daemon = try DadnsProcess(directory: directory, backends: backends, dns: Self.dns, extra: Self.noHealing)
        defer { daemon.stop() }
        let ledger = PushLedger(daemon)
        let bind = BackendProbe.dns("bind", port: named.port)
        let nsdProbe = BackendProbe.dns("nsd", port: nsd.port)
        let normal = try Self.warmUp(ledger, prefix: "full", probes: [bind, nsdProbe])

        // The fault: no free block left on the store's file system, right after a burst of
        // acknowledged updates (the lanes may still have to record them), then a push every 0.3 s.
        for index in Self.warmUp { #expect(try ledger.push("full\(index).example", serial: 2)) }
        let filled = try disk.fill()
        let faultStarted = Date()
        var answers: [String] = []
        for push in Self.faultPushes("full").map({ ($0.domain, $0.serial + 1) }) {
            let acked = try ledger.push(push.0, serial: push.1)
            answers.append(acked ? "acknowledged" : "\(ledger.refusals.last?.status ?? 0) \(ledger.refusals.last?.body ?? "")")
            Thread.sleep(forTimeInterval: 0.3)
        }
        #expect(!ledger.refusals.isEmpty, "no push was refused with the store's disk full: the fault did not bite (\(answers))")
        #expect(ledger.violations.isEmpty, "\(ledger.violations)")
        // The refusal says why.
        for refusal in ledger.refusals {
            #expect(refusal.body.removingPercentEncoding?.contains("not stored: database or disk is full") == true, "\(refusal.body)")
        }
        // The daemon stays up, answers, and tells the operator that changes are refused.
        #expect(daemon.process.isRunning)
        let health = try RawHTTPClient.send(port: daemon.port, request: Array("GET /health HTTP/1.0\r\n\r\n".utf8))
        #expect(health.status == 503 && health.body.contains("store: writes have failed"), "\(health.status) \(health.body)")
        let statusDuring = try daemon.status()
        #expect(statusDuring["status"] as? String == "error")
        // A refused push stored nothing: a new zone refused is unknown to dadns.
        for refusal in ledger.refusals where ledger.lastAcked[refusal.domain] == nil {
            let exists = try daemon.get("/CMD_API_DNS_ADMIN?action=exists&domain=\(refusal.domain)")
            #expect(exists.body == "error=0&exists=0", "\(refusal.domain): \(exists.body)")
        }
        // Everything acknowledged (before the fault, or during it if the write fit) is served.
        let servedDuring = DadnsProcess.waitFor(seconds: 15) { ledger.behind(on: bind).isEmpty && ledger.behind(on: nsdProbe).isEmpty }
        #expect(servedDuring, "\(ledger.behind(on: bind)) \(ledger.behind(on: nsdProbe))")
        let laneWriteFailures = daemon.log().split(separator: "\n").filter { $0.contains(" error ") && $0.contains("] lane ") }.count
        let faultSeconds = Date().timeIntervalSince(faultStarted)

        // The fault ends. DirectAdmin sends the refused zones again with its next save.
        try disk.free()
        let freed = Date()
        // The status clears without waiting for a change to prove the store writes again.
        #expect(try DadnsProcess.waitFor { try daemon.status()["status"] as? String == "ok" }, "\((try? daemon.status()) ?? [:])")
        for refusal in ledger.refusals where (ledger.lastAcked[refusal.domain] ?? 0) < refusal.serial {
            #expect(try ledger.push(refusal.domain, serial: refusal.serial), "still refused after space was freed: \(ledger.refusals.last?.body ?? "")")
        }
        #expect(try ledger.push("full-after.example", serial: 7))
        let converged = DadnsProcess.waitFor(seconds: 60) {
            ledger.behind(on: bind).isEmpty && ledger.behind(on: nsdProbe).isEmpty && daemon.isCaughtUp("bind") && daemon.isCaughtUp("nsd")
        }
        let convergeSeconds = Date().timeIntervalSince(freed)
        #expect(converged, "\(ledger.behind(on: bind)) \(ledger.behind(on: nsdProbe)) \(daemon.log().suffix(3000))")
        #expect(try daemon.status()["status"] as? String == "ok")
        Self.expectNothingDropped(ledger, [bind, nsdProbe])

        // The store file holds every acknowledged version after a restart.
        #expect(daemon.stop() == 0)
        daemon = try DadnsProcess(directory: directory, backends: backends, dns: Self.dns, extra: Self.noHealing)
        for (domain, serial) in ledger.lastAcked.sorted(by: { $0.key < $1.key }) {
            let detail = try daemon.get("/api/zones/\(domain)")
            let zone = (try? JSONSerialization.jsonObject(with: Data(detail.body.utf8)) as? [String: Any])?["zone"] as? [String: Any]
            #expect(zone?["serial"] as? Int == serial, "\(domain) after a restart: \(detail.body.prefix(300))")
        }
        print("""
            [fault: store disk full, tmpfs \(disk.sizeBytes >> 20) MiB, filler \(filled) bytes] during the fault \
            \(Self.faultPushes("full").count) pushes, one every 0.3 s: \(Self.faultPushes("full").count - ledger.refusals.count) acknowledged, \
            \(ledger.refusals.count) refused (first: \(ledger.refusals.first.map { "\($0.status) \($0.body)" } ?? "-")); \
            /status during the fault: \(statusDuring["status"] ?? "?") \(statusDuring["reasons"] ?? []); /health: \(health.status) \
            \(health.body.trimmingCharacters(in: .whitespacesAndNewlines)); lane record failures (logged, batch re-applied): \
            \(laneWriteFailures); bind lag before: \(normal[0].summary); nsd lag before: \
            \(normal[1].summary); fault \(Figures.format(faultSeconds)) s; converged \(Figures.format(convergeSeconds)) s after \
            space was freed (refused pushes sent again)
            """)
    }
}
