import Foundation
import Testing
import TestSupport

/// Issue 9, fault injection: while DirectAdmin keeps pushing, one backend's server goes away
/// (MariaDB stopped, named killed), a zones directory turns read-only, or the store's disk fills
/// up. Each time: the other backends keep their pace (lags measured and printed), every push is
/// acknowledged or clearly refused — never acknowledged and then dropped (`PushLedger`: every
/// backend must end on the last acknowledged serial of every zone) — and everything converges
/// once the fault ends. Healing is off, so convergence comes from the retry schedule alone.
/// Figures and the mechanisms used: docs/reliability.md.
@Suite("Fault injection", .serialized)
struct FaultInjectionTests {
    /// Retries within seconds (4 × 1 s, then 2 s), covering faults of about a minute.
    static let dns = "retry_schedule_seconds: [" + (Array(repeating: "1", count: 4) + Array(repeating: "2", count: 30)).joined(separator: ", ") + "]"
    static let noHealing = "healing: {enabled: false}"

    /// Zones pushed before a fault, to measure each lane's usual lag.
    static let warmUp = 1...5

    /// The pushes made during a fault: each warm-up zone updated to serial 2, interleaved with
    /// a new zone `<prefix>-new<i>` at serial 1.
    static func faultPushes(_ prefix: String) -> [(domain: String, serial: Int)] {
        warmUp.flatMap { index in [("\(prefix)\(index).example", 2), ("\(prefix)-new\(index).example", 1)] }
    }

    /// Pushes the warm-up zones, waiting for every probe to serve each; the lags per probe.
    static func warmUp(_ ledger: PushLedger, prefix: String, probes: [BackendProbe]) throws -> [Figures] {
        var figures = probes.map { _ in Figures() }
        for index in warmUp {
            let domain = "\(prefix)\(index).example"
            #expect(try ledger.push(domain, serial: 1), "\(ledger.refusals.last.map(\.body) ?? "")")
            let lags = BackendProbe.waitUntilAllServe(probes, domain, 1, since: Date())
            for (slot, probe) in probes.enumerated() {
                #expect(lags[slot] != nil, "\(probe.name) never served \(domain) before the fault: \(ledger.daemon.log().suffix(3000))")
                figures[slot].add(lags[slot])
            }
        }
        return figures
    }

    /// The end of every scenario: no answer was other than an acknowledgement or a refusal, and
    /// every backend holds the last acknowledged serial of every zone.
    static func expectNothingDropped(_ ledger: PushLedger, _ probes: [BackendProbe]) {
        #expect(ledger.violations.isEmpty, "answers neither acknowledged nor refused: \(ledger.violations)")
        for probe in probes {
            let behind = ledger.behind(on: probe)
            #expect(behind.isEmpty, "acknowledged but not held by \(probe.name): \(behind)")
        }
    }

    @Test func mariaDBStoppedDuringPushes() throws {
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
        let start = try daemon.appliedLagTotals("bind")
        let normal = try Self.warmUp(ledger, prefix: "mdb", probes: [bind, coreDNS])
        let beforeFault = (bind: try daemon.appliedLagTotals("bind"), coreDNS: try daemon.appliedLagTotals("coredns_dc1"))

        // The fault: MariaDB stopped while DirectAdmin keeps pushing.
        mariaDB.stop()
        let faultStarted = Date()
        var bindDuring = Figures()
        for push in Self.faultPushes("mdb") {
            #expect(try ledger.push(push.domain, serial: push.serial), "refused: \(ledger.refusals.last?.body ?? "")")
            let lag = bind.waitUntilServes(push.domain, push.serial, since: Date())
            #expect(lag != nil, "bind did not serve \(push.domain) serial \(push.serial) while MariaDB was down: \(daemon.log().suffix(3000))")
            bindDuring.add(lag)
        }
        #expect(throws: (any Error).self, "MariaDB is still down: every bind lag above was measured during the fault") {
            try mariaDB.sql("SELECT 1")
        }
        let bindInside = (normal: beforeFault.bind.since(start), during: try daemon.appliedLagTotals("bind").since(beforeFault.bind))
        #expect(daemon.isCaughtUp("bind"), "\(daemon.backlogDescription("bind"))")
        #expect(try DadnsProcess.waitFor { try daemon.backlog("coredns_dc1").retrying > 0 }, "the coredns lane never went retrying")
        let error = try daemon.lastError("coredns_dc1") ?? ""
        #expect(!error.isEmpty)
        Thread.sleep(forTimeInterval: 2)  // a few more retries against the stopped server
        let retries = try daemon.metric("dadns_retries_scheduled_total", ["backend": "coredns_dc1"])
        #expect(retries >= Double(Self.faultPushes("mdb").count))
        let faultSeconds = Date().timeIntervalSince(faultStarted)

        // The fault ends: every zone reaches MariaDB with its last acknowledged serial.
        try mariaDB.start()
        let restarted = Date()
        let converged = DadnsProcess.waitFor(seconds: 60) { ledger.behind(on: coreDNS).isEmpty && daemon.isCaughtUp("coredns_dc1") }
        let convergeSeconds = Date().timeIntervalSince(restarted)
        #expect(converged, "\(ledger.behind(on: coreDNS)) \(daemon.log().suffix(3000))")
        #expect(try daemon.status()["status"] as? String == "ok")
        Self.expectNothingDropped(ledger, [bind, coreDNS])
        #expect(ledger.refusals.isEmpty)
        print("""
            [fault: MariaDB stopped] \(ledger.acknowledged) pushes acknowledged, \(ledger.refusals.count) refused; \
            bind lag before: \(normal[0].summary); bind lag with MariaDB down: \(bindDuring.summary); \
            bind lag inside dadns: before \(bindInside.normal), with MariaDB down \(bindInside.during); \
            coredns_dc1 lag before: \(normal[1].summary); coredns_dc1 lag inside dadns of the changes made during the fault: \
            \(try daemon.appliedLagTotals("coredns_dc1").since(beforeFault.coreDNS)); MariaDB down \(Figures.format(faultSeconds)) s, \
            \(Int(retries)) retries scheduled, last error: \(error); \
            converged \(Figures.format(convergeSeconds)) s after MariaDB was back
            """)
    }

    @Test func namedKilledDuringPushes() throws {
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
        let normal = try Self.warmUp(ledger, prefix: "nk", probes: [bind, coreDNS])
        let beforeFault = (bind: try daemon.appliedLagTotals("bind"), coreDNS: try daemon.appliedLagTotals("coredns_dc1"))

        // The fault: named killed (SIGKILL, as a crash) while DirectAdmin keeps pushing.
        named.kill()
        let faultStarted = Date()
        var coreDNSDuring = Figures()
        var bindBatches = Figures()  // how long the bind lane's batches take with named gone (rndc failing)
        for push in Self.faultPushes("nk") {
            #expect(try ledger.push(push.domain, serial: push.serial), "refused: \(ledger.refusals.last?.body ?? "")")
            let lag = coreDNS.waitUntilServes(push.domain, push.serial, since: Date())
            #expect(lag != nil, "MariaDB did not get \(push.domain) serial \(push.serial) while named was down: \(daemon.log().suffix(3000))")
            coreDNSDuring.add(lag)
            bindBatches.add(try daemon.lastBatchSeconds("bind"))
        }
        #expect(try Dig.query(port: named.port, "nk1.example", "SOA").status == "?", "named still answers: the fault did not happen")
        let coreDNSInside = (normal: beforeFault.coreDNS.since(start), during: try daemon.appliedLagTotals("coredns_dc1").since(beforeFault.coreDNS))
        #expect(daemon.isCaughtUp("coredns_dc1"), "\(daemon.backlogDescription("coredns_dc1"))")
        #expect(try DadnsProcess.waitFor { try daemon.backlog("bind").retrying > 0 }, "the bind lane never went retrying")
        let error = try daemon.lastError("bind") ?? ""
        #expect(error.contains("rndc"), "\(error)")
        Thread.sleep(forTimeInterval: 2)  // a few more retries against the dead named
        bindBatches.add(try daemon.lastBatchSeconds("bind"))
        let retries = try daemon.metric("dadns_retries_scheduled_total", ["backend": "bind"])
        #expect(retries >= Double(Self.faultPushes("nk").count))
        let faultSeconds = Date().timeIntervalSince(faultStarted)

        // The fault ends: named starts on the same files; the retries bring every zone live.
        try named.restart()
        let restarted = Date()
        let converged = DadnsProcess.waitFor(seconds: 60) { ledger.behind(on: bind).isEmpty && daemon.isCaughtUp("bind") }
        let convergeSeconds = Date().timeIntervalSince(restarted)
        #expect(converged, "\(ledger.behind(on: bind)) \(daemon.backlogDescription("bind")) \(daemon.log().suffix(3000))")
        #expect(try daemon.status()["status"] as? String == "ok")
        Self.expectNothingDropped(ledger, [bind, coreDNS])
        #expect(ledger.refusals.isEmpty)
        print("""
            [fault: named killed] \(ledger.acknowledged) pushes acknowledged, \(ledger.refusals.count) refused; \
            coredns_dc1 lag before: \(normal[1].summary); coredns_dc1 lag with named down: \(coreDNSDuring.summary); \
            coredns_dc1 lag inside dadns: before \(coreDNSInside.normal), with named down \(coreDNSInside.during); \
            bind lag before: \(normal[0].summary); bind lag inside dadns of the changes made during the fault: \
            \(try daemon.appliedLagTotals("bind").since(beforeFault.bind)); bind batches with named down (rndc failing): \(bindBatches.summary); \
            named down \(Figures.format(faultSeconds)) s, \(Int(retries)) retries scheduled, last error: \(error); \
            converged \(Figures.format(convergeSeconds)) s after named was back
            """)
    }
}
