import Foundation
import Testing
import TestSupport

extension FaultInjectionTests {
    /// The bind zones directory stops taking writes. Tests run as root, for whom `chmod 0555`
    /// changes nothing: `ReadOnlyDirectory` uses a read-only bind mount (or `chattr +i`) and
    /// proves it by a failed write before the pushes start.
    @Test func zonesDirectoryReadOnlyDuringPushes() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let mariaDB = try MariaDBServer()
        defer { mariaDB.destroy() }
        let daemon = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named) + "\n" + CoreDNSMySQLOperatorTests.stanza(mariaDB), dns: Self.dns,
            extra: Self.noHealing)
        defer { daemon.stop(); daemon.removeFiles() }
        let ledger = PushLedger(daemon)
        let bind = BackendProbe.dns("bind", port: named.port)
        let coreDNS = BackendProbe.mariaDB("coredns_dc1", mariaDB)
        let start = try daemon.appliedLagTotals("coredns_dc1")
        let normal = try Self.warmUp(ledger, prefix: "ro", probes: [bind, coreDNS])
        let beforeFault = (bind: try daemon.appliedLagTotals("bind"), coreDNS: try daemon.appliedLagTotals("coredns_dc1"))

        // The fault: the zones directory refuses writes while DirectAdmin keeps pushing.
        let readOnly = try ReadOnlyDirectory(named.zonesDirectory)
        defer { try? readOnly.restore() }
        let faultStarted = Date()
        var coreDNSDuring = Figures()
        for push in Self.faultPushes("ro") {
            #expect(try ledger.push(push.domain, serial: push.serial), "refused: \(ledger.refusals.last?.body ?? "")")
            let lag = coreDNS.waitUntilServes(push.domain, push.serial, since: Date())
            #expect(lag != nil, "MariaDB did not get \(push.domain) serial \(push.serial) during the fault: \(daemon.log().suffix(3000))")
            coreDNSDuring.add(lag)
        }
        #expect(daemon.isCaughtUp("coredns_dc1"), "\(daemon.backlogDescription("coredns_dc1"))")
        let coreDNSInside = (normal: beforeFault.coreDNS.since(start), during: try daemon.appliedLagTotals("coredns_dc1").since(beforeFault.coreDNS))
        #expect(try DadnsProcess.waitFor { try daemon.backlog("bind").retrying > 0 }, "the bind lane never went retrying")
        // The operator sees why, naming the directory and the system's reason.
        let error = try daemon.lastError("bind") ?? ""
        let reason = readOnly.mechanism == .readOnlyBindMount ? "Read-only file system" : "Operation not permitted"
        #expect(error.contains(named.zonesDirectory) && error.contains(reason), "\(error)")
        let status = try daemon.status()
        #expect(status["status"] as? String != "ok", "the fault is invisible in /status")
        #expect((status["reasons"] as? [String] ?? []).contains { $0.hasPrefix("bind:") }, "\(status["reasons"] ?? [])")
        // named still serves the versions it had, whole: nothing was half-written.
        let held = try bind.serials(Self.warmUp.map { "ro\($0).example" })
        #expect(held == Dictionary(uniqueKeysWithValues: Self.warmUp.map { ("ro\($0).example", 1) }), "\(held)")
        #expect(try named.query("ro-new1.example", "SOA").status == "REFUSED")
        Thread.sleep(forTimeInterval: 2)  // a few more retries against the read-only directory
        let retries = try daemon.metric("dadns_retries_scheduled_total", ["backend": "bind"])
        #expect(retries >= Double(Self.faultPushes("ro").count))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: named.zonesDirectory).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "temporary files left behind: \(leftovers)")
        let faultSeconds = Date().timeIntervalSince(faultStarted)

        // The fault ends: the retries write every zone.
        try readOnly.restore()
        let restored = Date()
        let converged = DadnsProcess.waitFor(seconds: 60) { ledger.behind(on: bind).isEmpty && daemon.isCaughtUp("bind") }
        let convergeSeconds = Date().timeIntervalSince(restored)
        #expect(converged, "\(ledger.behind(on: bind)) \(daemon.backlogDescription("bind")) \(daemon.log().suffix(3000))")
        #expect(try daemon.status()["status"] as? String == "ok")
        Self.expectNothingDropped(ledger, [bind, coreDNS])
        #expect(ledger.refusals.isEmpty)
        print("""
            [fault: zones directory read-only, by \(readOnly.mechanism.rawValue)] \(ledger.acknowledged) pushes acknowledged, \
            \(ledger.refusals.count) refused; coredns_dc1 lag before: \(normal[1].summary); coredns_dc1 lag during the fault: \
            \(coreDNSDuring.summary); coredns_dc1 lag inside dadns: before \(coreDNSInside.normal), during the fault \
            \(coreDNSInside.during); bind lag before: \(normal[0].summary); bind lag inside dadns of the changes made during \
            the fault: \(try daemon.appliedLagTotals("bind").since(beforeFault.bind)); fault \(Figures.format(faultSeconds)) s, \
            \(Int(retries)) bind retries scheduled, last error: \(error); converged \(Figures.format(convergeSeconds)) s after \
            the directory was writable again
            """)
    }
}
