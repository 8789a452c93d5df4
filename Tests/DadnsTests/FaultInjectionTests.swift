import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// Issue 9, fault injection: while DirectAdmin keeps pushing, one backend's server goes away
/// (MariaDB stopped, named killed or hung), a zones directory turns read-only, or the store's
/// disk fills up (one scenario per file, `FaultInjectionTests+*.swift`). Each time: the other backends keep their pace (lags measured and printed), every push is
/// acknowledged or clearly refused — never acknowledged and then dropped (`PushLedger`: every
/// backend must end on the last acknowledged serial of every zone) — and everything converges
/// once the fault ends. Healing is off, so convergence comes from the retry schedule alone.
/// Figures and the mechanisms used: docs/reliability.md.
@Suite("Fault injection", .serialized, .offThePool)
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
}
