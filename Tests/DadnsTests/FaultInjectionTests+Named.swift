import Foundation
import Testing
import DadnsTestKit

extension FaultInjectionTests {
    /// named killed (SIGKILL, as a crash) while DirectAdmin keeps pushing; started again on the
    /// same directory and ports.
    @Test func namedKilledDuringPushes() throws {
        let bench = try FaultBench()
        defer { bench.tearDown() }
        try bench.warmUp(prefix: "nk")

        bench.named.kill()
        let faultStarted = Date()
        let coreDNSDuring = try bench.pushThroughFault(prefix: "nk", healthy: "coredns_dc1", fault: "named down")
        #expect(try Dig.query(port: bench.named.port, "nk1.example", "SOA").status == "?", "named still answers: the fault did not happen")
        let coreDNSInside = try bench.insideLag("coredns_dc1")
        #expect(try DadnsProcess.waitFor { try bench.daemon.backlog("bind").retrying > 0 }, "the bind lane never went retrying")
        let error = try bench.daemon.lastError("bind") ?? ""
        #expect(error.contains("rndc"), "\(error)")
        // How long the bind lane's batches take with named gone (rndc failing).
        let batches = try Self.watchBatches(bench.daemon, "bind", seconds: 2)
        // Each fault push's failed batch schedules its retry; named is still down meanwhile.
        #expect(DadnsProcess.waitFor { (try? bench.retries("bind")) ?? 0 >= Self.faultPushes("nk").count })
        let retries = try bench.retries("bind")
        let faultSeconds = Date().timeIntervalSince(faultStarted)

        try bench.named.restart()
        let convergeSeconds = bench.converge("bind")
        print("""
            [fault: named killed] \(bench.ledger.acknowledged) pushes acknowledged, \(bench.ledger.refusals.count) refused; \
            coredns_dc1 lag before: \(bench.normal["coredns_dc1"]?.summary ?? "-"); coredns_dc1 lag with named down: \
            \(coreDNSDuring.summary); coredns_dc1 lag inside dadns: before \(coreDNSInside.normal), with named down \
            \(coreDNSInside.since); bind lag before: \(bench.normal["bind"]?.summary ?? "-"); bind batches with named down: \
            \(batches.joined(separator: ", ")); named down \(Figures.format(faultSeconds)) s, \(retries) retries scheduled, \
            last error: \(error); converged \(Figures.format(convergeSeconds)) s after named was back
            """)
    }

    /// named hangs (SIGSTOP: its ports stay open, nothing answers), so every rndc command runs
    /// into its time limit (`command_timeout: 2` here, 30 by default). The bind lane must not
    /// wait a timeout per zone: after the first timeout of a batch the other rndc commands are
    /// not tried. MariaDB keeps its pace; after named resumes everything converges.
    @Test func namedHungDuringPushes() throws {
        let timeout = 2
        let bench = try FaultBench(bindSettings: "  command_timeout: \(timeout)")
        defer { bench.tearDown() }
        try bench.warmUp(prefix: "hung")

        bench.named.freeze()
        defer { bench.named.thaw() }
        let faultStarted = Date()
        let coreDNSDuring = try bench.pushThroughFault(prefix: "hung", healthy: "coredns_dc1", fault: "named hung")
        let coreDNSInside = try bench.insideLag("coredns_dc1")
        let batches = try Self.watchBatches(bench.daemon, "bind", seconds: 3 * Double(timeout) + 1)
        let log = bench.daemon.log()
        #expect(log.contains("timed out"), "no rndc command timed out: the fault did not bite")
        #expect(log.contains("not tried: rndc"), "after a timeout the batch's other rndc commands were still tried")
        #expect(try bench.daemon.backlog("bind").retrying > 0)
        let error = try bench.daemon.lastError("bind") ?? ""
        let retries = try bench.retries("bind")
        let faultSeconds = Date().timeIntervalSince(faultStarted)

        bench.named.thaw()
        let convergeSeconds = bench.converge("bind")
        print("""
            [fault: named hung (SIGSTOP), rndc command_timeout \(timeout) s] \(bench.ledger.acknowledged) pushes acknowledged, \
            \(bench.ledger.refusals.count) refused; coredns_dc1 lag before: \(bench.normal["coredns_dc1"]?.summary ?? "-"); \
            coredns_dc1 lag with named hung: \(coreDNSDuring.summary); coredns_dc1 lag inside dadns: before \
            \(coreDNSInside.normal), with named hung \(coreDNSInside.since); bind lag before: \
            \(bench.normal["bind"]?.summary ?? "-"); bind batches with named hung: \(batches.joined(separator: ", ")); \
            bind lag inside dadns of the changes made during the fault: \(try bench.insideLag("bind").since); named hung \
            \(Figures.format(faultSeconds)) s, \(retries) retries scheduled, last error: \(error); converged \
            \(Figures.format(convergeSeconds)) s after named resumed
            """)
    }

    /// Polls `/status` for `seconds` and describes each new `lastBatch` of `backend`
    /// (`9 zone(s) in 2.055 s`).
    static func watchBatches(_ daemon: DadnsProcess, _ backend: String, seconds: Double) throws -> [String] {
        var batches: [String] = []
        var lastFinished = 0.0
        let until = Date().addingTimeInterval(seconds)
        while Date() < until {
            if let batch = try daemon.backendStatus(backend)["lastBatch"] as? [String: Any],
               let finished = JSONTime.seconds(batch["finishedAt"]), finished > lastFinished,
               let size = batch["size"] as? Int, let seconds = batch["seconds"] as? Double
            {
                lastFinished = finished
                batches.append("\(size) zone(s) in \(Figures.format(seconds)) s")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return batches
    }
}
