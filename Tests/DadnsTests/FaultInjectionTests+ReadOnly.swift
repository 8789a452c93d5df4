import Foundation
import Testing
import DadnsTestKit

extension FaultInjectionTests {
    /// The bind zones directory stops taking writes. Tests run as root, for whom `chmod 0555`
    /// changes nothing: `ReadOnlyDirectory` uses a read-only bind mount (or `chattr +i`) and
    /// proves it by a failed write before the pushes start.
    @Test func zonesDirectoryReadOnlyDuringPushes() throws {
        let bench = try FaultBench()
        defer { bench.tearDown() }
        try bench.warmUp(prefix: "ro")

        let readOnly = try ReadOnlyDirectory(bench.named.zonesDirectory)
        defer { try? readOnly.restore() }
        let faultStarted = Date()
        let coreDNSDuring = try bench.pushThroughFault(prefix: "ro", healthy: "coredns_dc1", fault: "the zones directory read-only")
        let coreDNSInside = try bench.insideLag("coredns_dc1")
        #expect(try DadnsProcess.waitFor { try bench.daemon.backlog("bind").retrying > 0 }, "the bind lane never went retrying")
        // The operator sees why, naming the directory and the system's reason.
        let error = try bench.daemon.lastError("bind") ?? ""
        let reason = readOnly.mechanism == .readOnlyBindMount ? "Read-only file system" : "Operation not permitted"
        #expect(error.contains(bench.named.zonesDirectory) && error.contains(reason), "\(error)")
        let status = try bench.daemon.status()
        #expect(status["status"] as? String != "ok", "the fault is invisible in /status")
        #expect((status["reasons"] as? [String] ?? []).contains { $0.hasPrefix("bind:") }, "\(status["reasons"] ?? [])")
        // named still serves the versions it had, whole: nothing was half-written.
        let held = try bench.bind.serials(Self.warmUp.map { "ro\($0).example" })
        #expect(held == Dictionary(uniqueKeysWithValues: Self.warmUp.map { ("ro\($0).example", 1) }), "\(held)")
        #expect(try bench.named.query("ro-new1.example", "SOA").status == "REFUSED")
        Thread.sleep(forTimeInterval: 2)  // a few more retries against the read-only directory
        let retries = try bench.retries("bind")
        #expect(retries >= Self.faultPushes("ro").count)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: bench.named.zonesDirectory).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "temporary files left behind: \(leftovers)")
        let faultSeconds = Date().timeIntervalSince(faultStarted)

        try readOnly.restore()
        let convergeSeconds = bench.converge("bind")
        print("""
            [fault: zones directory read-only, by \(readOnly.mechanism.rawValue)] \(bench.ledger.acknowledged) pushes \
            acknowledged, \(bench.ledger.refusals.count) refused; coredns_dc1 lag before: \
            \(bench.normal["coredns_dc1"]?.summary ?? "-"); coredns_dc1 lag during the fault: \(coreDNSDuring.summary); \
            coredns_dc1 lag inside dadns: before \(coreDNSInside.normal), during the fault \(coreDNSInside.since); bind lag \
            before: \(bench.normal["bind"]?.summary ?? "-"); bind lag inside dadns of the changes made during the fault: \
            \(try bench.insideLag("bind").since); fault \(Figures.format(faultSeconds)) s, \(retries) bind retries scheduled, \
            last error: \(error); converged \(Figures.format(convergeSeconds)) s after the directory was writable again
            """)
    }
}
