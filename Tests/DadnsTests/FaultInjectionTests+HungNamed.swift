import Foundation
import Testing
import TestSupport

extension FaultInjectionTests {
    /// named hangs (SIGSTOP: its ports stay open, nothing answers), so every rndc command runs
    /// into its time limit (`command_timeout: 2` here, 30 by default). The bind lane must not
    /// wait a timeout per zone: after the first timeout of a batch the other rndc commands are
    /// not tried. MariaDB keeps its pace; after named resumes everything converges.
    @Test func namedHungDuringPushes() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let mariaDB = try MariaDBServer()
        defer { mariaDB.destroy() }
        let timeout = 2.0
        let daemon = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named) + "\n  command_timeout: \(Int(timeout))\n" + CoreDNSMySQLOperatorTests.stanza(mariaDB),
            dns: Self.dns, extra: Self.noHealing)
        defer { daemon.stop(); daemon.removeFiles() }
        let ledger = PushLedger(daemon)
        let bind = BackendProbe.dns("bind", port: named.port)
        let coreDNS = BackendProbe.mariaDB("coredns_dc1", mariaDB)
        let start = try daemon.appliedLagTotals("coredns_dc1")
        let normal = try Self.warmUp(ledger, prefix: "hung", probes: [bind, coreDNS])
        let beforeFault = (bind: try daemon.appliedLagTotals("bind"), coreDNS: try daemon.appliedLagTotals("coredns_dc1"))

        // The fault: named frozen while DirectAdmin keeps pushing.
        named.freeze()
        defer { named.thaw() }
        let faultStarted = Date()
        var coreDNSDuring = Figures()
        for push in Self.faultPushes("hung") {
            #expect(try ledger.push(push.domain, serial: push.serial), "refused: \(ledger.refusals.last?.body ?? "")")
            let lag = coreDNS.waitUntilServes(push.domain, push.serial, since: Date())
            #expect(lag != nil, "MariaDB did not get \(push.domain) serial \(push.serial) while named hung: \(daemon.log().suffix(3000))")
            coreDNSDuring.add(lag)
        }
        #expect(daemon.isCaughtUp("coredns_dc1"), "\(daemon.backlogDescription("coredns_dc1"))")
        let coreDNSInside = (normal: beforeFault.coreDNS.since(start), during: try daemon.appliedLagTotals("coredns_dc1").since(beforeFault.coreDNS))
        // Watch the bind lane's batches for a while: each ends after one timeout.
        var batches: [String] = []
        var lastFinished = 0.0
        let watchUntil = Date().addingTimeInterval(3 * timeout + 1)
        while Date() < watchUntil {
            if let batch = try daemon.backendStatus("bind")["lastBatch"] as? [String: Any],
               let finished = batch["finishedAt"] as? Double, finished > lastFinished,
               let size = batch["size"] as? Int, let seconds = batch["seconds"] as? Double
            {
                lastFinished = finished
                batches.append("\(size) zone(s) in \(Figures.format(seconds)) s")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let log = daemon.log()
        #expect(log.contains("timed out"), "no rndc command timed out: the fault did not bite")
        #expect(log.contains("not tried: rndc"), "after a timeout the batch's other rndc commands were still tried")
        #expect(try daemon.backlog("bind").retrying > 0)
        let error = try daemon.lastError("bind") ?? ""
        let retries = try daemon.metric("dadns_retries_scheduled_total", ["backend": "bind"])
        let faultSeconds = Date().timeIntervalSince(faultStarted)

        // The fault ends: named runs again; the retries bring every zone live.
        named.thaw()
        let thawed = Date()
        let converged = DadnsProcess.waitFor(seconds: 60) { ledger.behind(on: bind).isEmpty && daemon.isCaughtUp("bind") }
        let convergeSeconds = Date().timeIntervalSince(thawed)
        #expect(converged, "\(ledger.behind(on: bind)) \(daemon.backlogDescription("bind")) \(daemon.log().suffix(3000))")
        #expect(try daemon.status()["status"] as? String == "ok")
        Self.expectNothingDropped(ledger, [bind, coreDNS])
        #expect(ledger.refusals.isEmpty)
        print("""
            [fault: named hung (SIGSTOP), rndc command_timeout \(Int(timeout)) s] \(ledger.acknowledged) pushes acknowledged, \
            \(ledger.refusals.count) refused; coredns_dc1 lag before: \(normal[1].summary); coredns_dc1 lag with named hung: \
            \(coreDNSDuring.summary); coredns_dc1 lag inside dadns: before \(coreDNSInside.normal), with named hung \
            \(coreDNSInside.during); bind lag before: \(normal[0].summary); bind batches with named hung: \
            \(batches.joined(separator: ", ")); bind lag inside dadns of the changes made during the fault: \
            \(try daemon.appliedLagTotals("bind").since(beforeFault.bind)); named hung \(Figures.format(faultSeconds)) s, \
            \(Int(retries)) retries scheduled, last error: \(error); converged \(Figures.format(convergeSeconds)) s after named \
            resumed
            """)
    }
}
