import ArgumentParser
import DadnsTestKit
import Foundation

/// `dadns-bench push`: DirectAdmin-style pushes over HTTP into `dadns serve` with a real named
/// (or pdns_server, `--backend powerdns`, or knotd, `--backend knot`) on loopback; prints how fast every zone is accepted and then served.
struct BenchPushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Benchmark pushes from DirectAdmin into dadns and named (starts both on loopback).",
        discussion: """
            Starts named and `dadns serve` (the dadns beside this binary unless --binary) in a new directory under
            /tmp, pushes the zones from concurrent clients exactly as DirectAdmin does, and polls
            named over UDP until it serves every zone's SOA with the pushed serial. Then measures
            idle single pushes. With --backend powerdns, a pdns_server (gsqlite3, its HTTP API on loopback)
            serves the zones instead of named, through dadns's powerdns backend; with --backend knot, knotd (from its
            configuration database) through the knot backend. With --store mysql, dadns runs on a MariaDB server the benchmark
            starts on loopback (`datastore.type: mysql`, the server's default durability). Every
            server is stopped at the end.
            """
    )

    @Option(help: "Zones to push.") var zones = 10_000
    @Option(help: "Concurrent HTTP clients.") var clients = 8
    @Option(help: "Idle single pushes measured after the burst.") var idlePushes = 50
    @Option(help: "dadns binary to run (default: the dadns beside dadns-bench).") var binary: String?
    @Option(help: "dns.settle_seconds for the daemon.") var settleSeconds = 0.0
    @Option(help: "dns.batch_size for the daemon (default: the daemon's).") var batchSize: Int?
    @Flag(help: "Keep one connection per client (DirectAdmin opens one per push).") var keepAlive = false
    @Flag(help: "Keep the work directory (logs, zones, database).") var keep = false
    @Option(help: "The daemon's log level (its log is dadns.log in the work directory).") var logLevel = "warning"
    @Option(help: "The store: sqlite (the node's own file) or mysql (a MariaDB server started on loopback).") var store = BenchStoreKind.sqlite
    @Option(help: "datastore.pool_size with --store mysql (default: the daemon's).") var poolSize: Int?
    @Option(help: "The backend serving the zones: bind (a named it starts), powerdns (a pdns_server with gsqlite3 and its API) or knot (knotd from its configuration database).")
    var backend = BenchPushBackend.bind
    @Option(help: "With --backend powerdns, one more pdns_server argument (repeat it), e.g. --pdns-argument=--gsqlite3-pragma-synchronous=0.")
    var pdnsArgument: [String] = []

    func run() throws {
        let directory = BenchFiles.makeTemporaryDirectory()
        print("work directory \(directory)")
        let database = store == .mysql ? try MariaDBServer() : nil
        let server = try BenchServedBy(backend, directory: directory, pdnsArguments: pdnsArgument)
        let executable = try binary ?? Self.dadnsBesideThisBinary()
        let node: BenchNode
        do {
            node = try BenchNode(
                executable: executable, directory: directory, named: server.named,
                datastore: BenchStore.yaml(directory: directory, server: database, poolSize: poolSize),
                dns: "  settle_seconds: \(settleSeconds)\n" + (batchSize.map { "  batch_size: \($0)" } ?? ""), backend: server.stanza,
                logLevel: logLevel)
        } catch {
            server.stop(keepingDirectory: keep)
            database?.destroy()
            throw error
        }
        let daemon = node.daemon, httpPort = node.port, password = node.password
        defer {
            daemon.terminate()
            server.stop(keepingDirectory: keep)
            database?.destroy()
            if !keep { try? FileManager.default.removeItem(atPath: directory) }
        }

        let domains = (0..<zones).map { "customer\($0).bench" }
        let serial: UInt32 = 2024010101
        let bodies = domains.enumerated().map { Array(BenchDirectAdminZone.text(domain: $1, serial: serial, index: $0).utf8) }
        let state = BenchPushState()
        let started = Clock.now()
        let memory = RSSSampler(pid: daemon.pid, started: started)
        defer { memory.stop() }
        for worker in 0..<clients {
            let clients = self.clients, keepAlive = self.keepAlive
            Thread.detachNewThread {
                let client = PushClient(port: httpPort, username: "directdnsonly", password: password, keepAlive: keepAlive)
                for index in stride(from: worker, to: domains.count, by: clients) {
                    let target = "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domains[index])&hostname=da1.example&username=bench"
                    let sent = Clock.now()
                    do {
                        let reply = try client.send(method: "POST", target: target, body: bodies[index])
                        let done = Clock.now()
                        if reply.status == 200 && reply.body == "error=0" {
                            state.accept(index, at: done, latency: done - sent)
                        } else {
                            state.fail("\(domains[index]): HTTP \(reply.status) \(reply.body)")
                        }
                    } catch {
                        state.fail("\(domains[index]): \(error)")
                    }
                }
                state.clientFinished()
            }
        }

        // Poll named for the zones accepted and not yet served, oldest first (dadns applies in
        // arrival order, so the oldest are the next to appear).
        let probe = try SOAProbe(port: server.port)
        var unserved: [(index: Int, at: Double)] = []
        var lags: [Double] = []
        var allAccepted: Double?
        var lastServed = started
        let deadline = started + 300
        while Clock.now() < deadline {
            unserved.append(contentsOf: state.takeAccepted())
            let progress = state.progress()
            if progress.clientsDone == clients, allAccepted == nil { allAccepted = Clock.now() - started }
            if let failure = progress.firstFailure { throw BenchError("push failed: \(failure)") }
            if unserved.isEmpty {
                if progress.clientsDone == clients { break }
                usleep(1000)
                continue
            }
            // Until the oldest zone is served, ask for it alone: asking named for 200 zones
            // a hundred times a second took CPU from named and dadns on a 2-core machine.
            let oldest = unserved[0]
            if probe.serials(of: [domains[oldest.index]], timeout: 0.05)[domains[oldest.index]] != serial {
                usleep(2000)
                continue
            }
            let window = Array(unserved.prefix(200))
            let served = probe.serials(of: window.map { domains[$0.index] }, timeout: 0.05)
            let now = Clock.now()
            var servedIndexes = Set<Int>()
            for entry in window where served[domains[entry.index]] == serial {
                lags.append(now - entry.at)
                servedIndexes.insert(entry.index)
                lastServed = now
            }
            unserved.removeAll { servedIndexes.contains($0.index) }
            if servedIndexes.isEmpty { usleep(2000) }
        }
        guard unserved.isEmpty, lags.count == zones else {
            throw BenchError("only \(lags.count) of \(zones) zones served within \(Int(deadline - started)) s; see \(directory)")
        }
        let cpu = (dadns: ProcessCost.cpuSeconds(of: daemon.pid), database: database.map(BenchStore.cpuSeconds(of:)))
        let accepted = allAccepted ?? (Clock.now() - started)
        let servedAll = lastServed - started
        let latencies = state.latencies()
        print("zones \(zones), clients \(clients), \(keepAlive ? "kept-alive connections" : "a connection per push"), store \(store.rawValue), backend \(backend.rawValue)")
        print(String(format: "all accepted          %.2f s (%.0f zones/s)", accepted, Double(zones) / accepted))
        print("all served by \(server.program)".padding(toLength: max(22, 15 + server.program.count), withPad: " ", startingAt: 0)
            + String(format: "%.2f s (%.0f zones/s)", servedAll, Double(zones) / servedAll))
        print(String(format: "accept latency        p50 %.1f ms, p99 %.1f ms", Self.percentile(latencies, 50) * 1000, Self.percentile(latencies, 99) * 1000))
        print(String(format: "push-to-served lag    p50 %.0f ms, p99 %.0f ms", Self.percentile(lags, 50) * 1000, Self.percentile(lags, 99) * 1000))
        print(String(format: "dadns peak RSS        %.1f MB", Double(daemon.peakRSS) / 1e6) + " (\(server.program) " + String(format: "%.1f MB)", Double(server.peakRSS) / 1e6))
        print("dadns RSS sampled     \(RSSSampler.describe(memory.peak)); "
            + String(format: "%.1f MB once all served", Double(ProcessMemory.currentRSS(of: daemon.pid)) / 1e6))
        if let database { print(String(format: "mariadbd peak RSS     %.1f MB", Double(BenchStore.peakRSS(of: database)) / 1e6)) }
        print(String(format: "CPU until all served  dadns %.1f s", cpu.dadns) + (cpu.database.map { String(format: ", mariadbd %.1f s", $0) } ?? ""))
        if let batches = try? batchFigures(port: httpPort, password: password, lane: server.lane) {
            print("\("\(server.lane) batches".padding(toLength: 22, withPad: " ", startingAt: 0))"
                + String(format: "%.0f, %.0f zones each on average", batches.count, batches.zones / max(batches.count, 1)))
        }

        if idlePushes > 0 {
            let idle = try measureIdlePushes(port: httpPort, password: password, probe: probe, domains: domains, serial: serial)
            print(String(format: "idle single push      push to served p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d pushes)",
                         Self.percentile(idle, 50) * 1000, Self.percentile(idle, 99) * 1000, (idle.max() ?? 0) * 1000, idle.count))
            print(String(format: "dadns RSS after them  %.1f MB", Double(ProcessMemory.currentRSS(of: daemon.pid)) / 1e6))
        }
    }

    /// Updates one zone at a time with the daemon otherwise idle; push start to served, each.
    private func measureIdlePushes(port: Int, password: String, probe: SOAProbe, domains: [String], serial: UInt32) throws -> [Double] {
        let client = PushClient(port: port, username: "directdnsonly", password: password, keepAlive: false)
        var results: [Double] = []
        for round in 0..<idlePushes {
            usleep(200_000)
            let index = round % domains.count
            let newSerial = serial + UInt32(round) + 1
            let body = Array(BenchDirectAdminZone.text(domain: domains[index], serial: newSerial, index: index).utf8)
            let start = Clock.now()
            let reply = try client.send(
                method: "POST", target: "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domains[index])&hostname=da1.example&username=bench",
                body: body)
            guard reply.body == "error=0" else { throw BenchError("idle push: HTTP \(reply.status) \(reply.body)") }
            while probe.serials(of: [domains[index]], timeout: 0.05)[domains[index]] != newSerial {
                guard Clock.now() - start < 10 else { throw BenchError("idle push of \(domains[index]) not served within 10 s") }
                usleep(500)
            }
            results.append(Clock.now() - start)
        }
        return results
    }

    /// Batches the backend's lane ran and the zones in them, from `/metrics`.
    private func batchFigures(port: Int, password: String, lane: String) throws -> (count: Double, zones: Double) {
        let client = PushClient(port: port, username: "directdnsonly", password: password, keepAlive: false)
        let text = try client.send(method: "GET", target: "/metrics", body: []).body
        func value(_ prefix: String) -> Double {
            text.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
        }
        return (value("dadns_batch_size_zones_count{backend=\"\(lane)\"}"), value("dadns_batch_size_zones_sum{backend=\"\(lane)\"}"))
    }

    /// The `dadns` in the directory of this executable (both are products of one build).
    static func dadnsBesideThisBinary() throws -> String {
        let this = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let dadns = URL(fileURLWithPath: this).deletingLastPathComponent().appendingPathComponent("dadns").path
        guard FileManager.default.isExecutableFile(atPath: dadns) else {
            throw BenchError("no dadns beside \(this): build it (swift build -c release) or give --binary")
        }
        return dadns
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((p / 100 * Double(sorted.count - 1)).rounded()))]
    }
}
