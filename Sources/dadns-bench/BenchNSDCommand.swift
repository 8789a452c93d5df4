import ArgumentParser
import Backends
import DadnsTestKit
import Foundation

/// `dadns-bench nsd`: DirectAdmin-style zones through the NSD backend into a real NSD it starts
/// on loopback; times until NSD serves them (SOA serial over UDP, authoritative).
struct BenchNSDCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nsd",
        abstract: "Benchmark the NSD backend against a real nsd on loopback."
    )

    @Option(help: "Number of zones.") var zones = 10_000
    @Option(help: "Zones per apply call (the dispatcher's batch is 500).") var batchSize = 500
    @Option(help: "Zones changed in the per-zone reload versus full reload comparison.") var reloadSample = 100
    @Option(help: "Single-zone changes timed one after another.") var singles = 20
    @Flag(help: "Also write the nsd_conf include file (the reference's layout).") var withInclude = false

    @Flag(help: "Give nsd-control the full nsd.conf (with the zones include) instead of a control-only file.")
    var controlWithFullConfig = false

    @Option(help: "nsd binary.") var nsd = "/usr/sbin/nsd"
    @Option(help: "nsd-control binary.") var nsdControl = "/usr/sbin/nsd-control"

    func run() async throws {
        let server = try NSDServer(nsd: nsd, control: nsdControl, verbosity: 0)
        defer { server.stop() }
        let probe = try SOAProbe(port: server.port)
        func backend(fullReloadThreshold: Int = 20) throws -> NSDBackend {
            try NSDBackend(name: "nsd", settings: NSDBackendSettings(
                zonesDirectory: server.zonesDirectory, includeFile: withInclude ? server.includeFile : nil,
                controlPath: nsdControl, controlConfig: controlWithFullConfig ? server.configFile : server.controlConfigFile,
                commandTimeout: 300,
                fullReloadThreshold: fullReloadThreshold))
        }
        let domains = (0..<zones).map { "customer\($0).example" }
        print("nsd on 127.0.0.1:\(server.port), \(zones) zones of 8 records, batches of \(batchSize), include file: \(withInclude ? "yes" : "no"), nsd-control reads \(controlWithFullConfig ? "nsd.conf" : "a control-only config")")

        // 1. All new at once.
        try await phase("add \(zones) new zones", backend(), domains, serial: 1, probe: probe)
        // 2. All changed at once: addzones answers "already exists", then one full reload.
        try await phase("re-apply all \(zones) (serial 2)", backend(), domains, serial: 2, probe: probe)
        // 3. A batch of changed zones: a reload per zone, or one reload of everything.
        let sample = min(reloadSample, zones / 2)
        try await phase("\(sample) changed, reload per zone", backend(fullReloadThreshold: .max), Array(domains[0..<sample]), serial: 3, probe: probe)
        try await phase("\(sample) changed, one full reload", backend(fullReloadThreshold: 0), Array(domains[sample..<2 * sample]), serial: 3, probe: probe)
        // 4. Single changes on an idle server.
        var latencies: [Double] = []
        let single = try backend()
        for index in 0..<min(singles, zones) {
            let domain = domains[zones - 1 - index]
            let start = Clock.now()
            let outcomes = await single.apply([BackendChange(domain: domain, zoneText: Self.zone(domain, index: index, serial: 10))])
            guard outcomes == [.applied] else { throw BenchError("\(domain): \(outcomes)") }
            guard probe.waitUntilServed([domain], serial: 10, timeout: 10).seconds != nil else {
                throw BenchError("\(domain) not served with serial 10")
            }
            latencies.append(Clock.now() - start)
        }
        latencies.sort()
        if !latencies.isEmpty {
            print(String(format: "single-zone change to served: p50 %.0f ms, max %.0f ms (%d changes)",
                latencies[latencies.count / 2] * 1000, latencies[latencies.count - 1] * 1000, latencies.count))
        }
        // 5. All removed.
        let remover = try backend()
        let start = Clock.now()
        var outcomes: [BackendOutcome] = []
        var next = 0
        while next < domains.count {
            let batch = domains[next..<min(domains.count, next + max(1, batchSize))]
            outcomes += await remover.apply(batch.map { BackendChange(domain: $0, zoneText: nil) })
            next += batch.count
        }
        let applied = Clock.now() - start
        let failed = outcomes.filter { $0 != .applied }.count
        let stillServed = probe.served(domains, serial: nil).count
        print(String(format: "delete all %d: apply %.2f s, %d failed, %d still answering after apply", zones, applied, failed, stillServed))
    }

    /// Applies `domains` at `serial` in batches of `batchSize` and waits until NSD serves every
    /// one of them.
    private func phase(_ title: String, _ backend: NSDBackend, _ domains: [String], serial: UInt32, probe: SOAProbe) async throws {
        let texts = domains.enumerated().map { BackendChange(domain: $0.element, zoneText: Self.zone($0.element, index: $0.offset, serial: serial)) }
        let start = Clock.now()
        var outcomes: [BackendOutcome] = []
        var next = 0
        while next < texts.count {
            let batch = Array(texts[next..<min(texts.count, next + max(1, batchSize))])
            outcomes += await backend.apply(batch)
            next += batch.count
        }
        let applied = Clock.now() - start
        let failures = outcomes.compactMap { if case .failed(let text) = $0 { text } else { nil } }
        guard failures.isEmpty else {
            throw BenchError("\(title): \(failures.count) failed, first: \(failures[0])")
        }
        let waited = probe.waitUntilServed(domains, serial: serial, timeout: 300)
        guard let served = waited.seconds else {
            throw BenchError("\(title): \(waited.missing) zones not served after 300 s")
        }
        let total = applied + served
        print(String(format: "%@: apply %.2f s, all served after %.2f s (%.0f zones/s)", title, applied, total, Double(domains.count) / total))
    }

    /// A small DirectAdmin-style zone: SOA, two NS, apex A, www, mail, MX, SPF TXT.
    static func zone(_ domain: String, index: Int, serial: UInt32) -> String {
        let ip = "203.0.\((index >> 8) & 255).\(index & 255)"
        return """
            \(domain).\t3600\tIN\tSOA\tns1.hosting.example. hostmaster.\(domain). \(serial) 3600 3600 1209600 86400
            \(domain).\t3600\tIN\tNS\tns1.hosting.example.
            \(domain).\t3600\tIN\tNS\tns2.hosting.example.
            \(domain).\t3600\tIN\tA\t\(ip)
            \(domain).\t3600\tIN\tMX\t10 mail.\(domain).
            \(domain).\t3600\tIN\tTXT\t"v=spf1 a mx ip4:\(ip) ~all"
            mail.\(domain).\t3600\tIN\tA\t\(ip)
            www.\(domain).\t3600\tIN\tA\t\(ip)

            """
    }
}
