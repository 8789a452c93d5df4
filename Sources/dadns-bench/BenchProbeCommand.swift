import ArgumentParser
import Backends
import DadnsTestKit
import Engine
import Foundation
import Logging
import SettingsKit
import ZoneStore

/// `dadns-bench probe`: the served-state probe over many zones in a real named on loopback —
/// how fast a pass asks them all, that the rate limit holds, and a pass that finds stale zones.
struct BenchProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Benchmark the served-state probe against a real named on loopback.")

    @Option(help: "Number of zones.") var zones = 10_000
    @Option(help: "probe.queries_per_second of the unpaced passes.") var queriesPerSecond = 100_000.0
    @Option(help: "probe.in_flight.") var inFlight = 64
    @Flag(help: "Leave out the last pass, at the default probe.queries_per_second (200), which shows the pacing.") var skipPaced = false
    @Option(help: "Zones made stale (named keeps serving the old serial) for the last pass.") var stale = 100

    func run() async throws {
        let named = try NamedServer()
        defer { named.stop() }
        let store = try SQLiteZoneStore.inMemory()
        let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let domains = (0..<zones).map { "customer\($0).example" }
        func push(_ domains: ArraySlice<String>, serial: UInt32) async throws {
            for (index, domain) in zip(domains.indices, domains) {
                let text = BenchDirectAdminZone.text(domain: domain, serial: serial, index: index)
                _ = try await store.push(ZonePush(
                    domain: domain, canonicalText: text, recordCount: 8, contentHash: "\(domain)/\(serial)", serial: serial,
                    hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin), at: 1)
            }
        }
        func lane(rndc: Bool) throws -> DispatcherLane {
            let settings = BindBackendSettings(
                zonesDirectory: named.zonesDirectory, includeFile: named.includeFile, rndcPath: rndc ? "/usr/sbin/rndc" : nil,
                rndcServer: "127.0.0.1", rndcPort: named.controlPort, rndcKeyFile: named.keyFile, commandTimeout: 300)
            return DispatcherLane(backend: try BindBackend(name: "bind", settings: settings), store: store, clock: { 1 }, logger: logger)
        }
        try await push(domains[...], serial: 1)
        _ = try await lane(rndc: true).drain()
        guard try await named.waitFor({ try named.query(domains[zones - 1], "SOA").status == "NOERROR" }) else {
            throw BenchError("named does not serve the zones")
        }
        print("named on 127.0.0.1:\(named.port), \(zones) zones applied; in_flight \(inFlight)")
        let address = DNSServerAddress(host: "127.0.0.1", port: named.port, isIPv6: false)
        func pass(_ settings: ProbeSettings, _ title: String) async -> ProbeReport {
            let probe = ServedStateProbe(
                targets: [.init(backend: "bind", address: address)], settings: settings,
                context: EngineContext(store: store, clock: { Date().timeIntervalSince1970 }, logger: logger))
            let start = Clock.now()
            let report = await probe.pass()
            let seconds = Clock.now() - start
            let counts = report.backends.first.map { "\($0.served) served, \($0.stale) stale, \($0.missing) missing, \($0.unanswered) unanswered, \($0.requeued) queued again" } ?? "-"
            print(String(format: "%@: %.2f s (%.0f zones/s): %@", title, seconds, Double(report.backends.first?.total ?? 0) / seconds, counts))
            return report
        }
        let fast = ProbeSettings(queriesPerSecond: queriesPerSecond, inFlight: inFlight, timeoutSeconds: 1, retries: 2)
        for run in 1...2 {
            _ = await pass(fast, "pass \(run), \(zones) zones, \(Int(queriesPerSecond)) q/s allowed")
        }
        // Stale: named keeps the old copies of `stale` zones whose new serial is on disk and in the store.
        let staled = domains.prefix(min(stale, zones))
        try await push(staled, serial: 2)
        _ = try await lane(rndc: false).drain()
        _ = await pass(fast, "pass with \(staled.count) stale")
        _ = try await lane(rndc: true).drain()
        _ = await pass(fast, "pass after the stale zones were applied again")
        if !skipPaced {
            _ = await pass(ProbeSettings(queriesPerSecond: 200, inFlight: inFlight, timeoutSeconds: 1, retries: 2), "pass at the default 200 q/s")
        }
    }
}
