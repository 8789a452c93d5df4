import Foundation
import Testing
import DadnsTestKit

extension FaultInjectionTests {
    /// MariaDB stopped (clean shutdown) while DirectAdmin keeps pushing; restarted on the same
    /// data directory.
    @Test func mariaDBStoppedDuringPushes() throws {
        let bench = try FaultBench()
        defer { bench.tearDown() }
        try bench.warmUp(prefix: "mdb")

        bench.mariaDB.stop()
        let faultStarted = Date()
        let bindDuring = try bench.pushThroughFault(prefix: "mdb", healthy: "bind", fault: "MariaDB down")
        #expect(throws: (any Error).self, "MariaDB is still down: every bind lag above was measured during the fault") {
            try bench.mariaDB.sql("SELECT 1")
        }
        let bindInside = try bench.insideLag("bind")
        #expect(try DadnsProcess.waitFor { try bench.daemon.backlog("coredns_dc1").retrying > 0 }, "the coredns lane never went retrying")
        let error = try bench.daemon.lastError("coredns_dc1") ?? ""
        #expect(!error.isEmpty)
        Thread.sleep(forTimeInterval: 2)  // a few more retries against the stopped server
        let retries = try bench.retries("coredns_dc1")
        #expect(retries >= Self.faultPushes("mdb").count)
        let faultSeconds = Date().timeIntervalSince(faultStarted)

        try bench.mariaDB.start()
        let convergeSeconds = bench.converge("coredns_dc1")
        print("""
            [fault: MariaDB stopped] \(bench.ledger.acknowledged) pushes acknowledged, \(bench.ledger.refusals.count) refused; \
            bind lag before: \(bench.normal["bind"]?.summary ?? "-"); bind lag with MariaDB down: \(bindDuring.summary); \
            bind lag inside dadns: before \(bindInside.normal), with MariaDB down \(bindInside.since); \
            coredns_dc1 lag before: \(bench.normal["coredns_dc1"]?.summary ?? "-"); coredns_dc1 lag inside dadns of the changes \
            made during the fault: \(try bench.insideLag("coredns_dc1").since); MariaDB down \(Figures.format(faultSeconds)) s, \
            \(retries) retries scheduled, last error: \(error); converged \(Figures.format(convergeSeconds)) s after MariaDB \
            was back
            """)
    }
}
