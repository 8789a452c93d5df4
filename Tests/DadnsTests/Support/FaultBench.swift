import Foundation
import Testing
import DadnsTestKit

/// The bench of the backend fault scenarios: `dadns serve` with a `bind` backend on a real named
/// and a `coredns_dc1` (coredns_mysql) backend on a real MariaDB, the ledger of pushes, a probe
/// of each backend, and the phases every scenario goes through: warm-up, pushes during the
/// fault while the healthy backend is watched, convergence after it.
final class FaultBench {
    let named: NamedServer
    let mariaDB: MariaDBServer
    let daemon: DadnsProcess
    let ledger: PushLedger
    let bind: BackendProbe
    let coreDNS: BackendProbe
    /// Probe lags of the warm-up, per backend name.
    private(set) var normal: [String: Figures] = [:]
    /// dadns's applied-lag totals per backend at the start and when the fault began.
    private var atStart: [String: AppliedLag] = [:]
    private var atFault: [String: AppliedLag] = [:]
    static let backends = ["bind", "coredns_dc1"]

    /// Starts the servers and the daemon; `bindSettings` are more keys of the bind stanza.
    init(bindSettings: String = "") throws {
        named = try NamedServer()
        do {
            mariaDB = try MariaDBServer()
        } catch {
            named.stop()
            throw error
        }
        do {
            daemon = try DadnsProcess(
                backends: DadnsProcess.bindBackend(named) + "\n" + bindSettings + "\n" + DadnsProcess.corednsBackend(mariaDB, connectTimeout: 1),
                dns: FaultInjectionTests.dns, extra: FaultInjectionTests.noHealing)
        } catch {
            mariaDB.destroy()
            named.stop()
            throw error
        }
        ledger = PushLedger(daemon)
        bind = BackendProbe.dns("bind", port: named.port)
        coreDNS = BackendProbe.mariaDB("coredns_dc1", mariaDB)
    }

    /// Stops the daemon and the servers and removes their files.
    func tearDown() {
        daemon.stop()
        daemon.removeFiles()
        mariaDB.destroy()
        named.stop()
    }

    func probe(_ backend: String) -> BackendProbe { backend == "bind" ? bind : coreDNS }

    /// Pushes the warm-up zones (`<prefix><i>.example`) and measures both backends' usual lag.
    func warmUp(prefix: String) throws {
        for name in Self.backends { atStart[name] = try daemon.appliedLagTotals(name) }
        let figures = try FaultInjectionTests.warmUp(ledger, prefix: prefix, probes: [bind, coreDNS])
        for (name, figure) in zip(Self.backends, figures) { normal[name] = figure }
        for name in Self.backends { atFault[name] = try daemon.appliedLagTotals(name) }
    }

    /// Makes the fault pushes, each of which must be acknowledged and served by `healthy`
    /// while the fault lasts; the probe lags.
    func pushThroughFault(prefix: String, healthy: String, fault: String) throws -> Figures {
        var lags = Figures()
        for push in FaultInjectionTests.faultPushes(prefix) {
            #expect(try ledger.push(push.domain, serial: push.serial), "refused: \(ledger.refusals.last?.body ?? "")")
            let lag = probe(healthy).waitUntilServes(push.domain, push.serial, since: Date())
            #expect(lag != nil, "\(healthy) did not get \(push.domain) serial \(push.serial) with \(fault): \(daemon.log().suffix(3000))")
            lags.add(lag)
        }
        // The lane records a batch just after its rows are served: poll, as every other caught-up
        // check does (the fault still lasts, so a lane it held back never gets there).
        #expect(DadnsProcess.waitFor { daemon.isCaughtUp(healthy) }, "\(daemon.backlogDescription(healthy))")
        return lags
    }

    /// dadns's own mean lag of `backend` in the warm-up and since the fault began.
    func insideLag(_ backend: String) throws -> (normal: String, since: String) {
        let now = try daemon.appliedLagTotals(backend)
        let start = atStart[backend] ?? AppliedLag(seconds: 0, count: 0), fault = atFault[backend] ?? start
        return (fault.since(start), now.since(fault))
    }

    /// Waits (up to a minute) until `backend` holds every last acknowledged serial and has
    /// nothing pending, retrying or failed; the seconds it took.
    func converge(_ backend: String) -> Double {
        let started = Date()
        let converged = DadnsProcess.waitFor(seconds: 60) { ledger.behind(on: probe(backend)).isEmpty && daemon.isCaughtUp(backend) }
        let seconds = Date().timeIntervalSince(started)
        #expect(converged, "\(ledger.behind(on: probe(backend))) \(daemon.backlogDescription(backend)) \(daemon.log().suffix(3000))")
        #expect((try? daemon.status())?["status"] as? String == "ok")
        FaultInjectionTests.expectNothingDropped(ledger, [bind, coreDNS])
        #expect(ledger.refusals.isEmpty, "\(ledger.refusals.map(\.body))")
        return seconds
    }

    /// The retries the daemon scheduled for `backend` so far.
    func retries(_ backend: String) throws -> Int {
        Int(try daemon.metric("dadns_retries_scheduled_total", ["backend": backend]))
    }
}
