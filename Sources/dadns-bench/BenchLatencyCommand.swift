import ArgumentParser
import DadnsTestKit
import Foundation

/// `dadns-bench latency`: with many zones loaded, how long a single edit and a single new zone
/// take from DirectAdmin's push until the DNS server serves the new serial.
struct BenchLatencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency",
        abstract: "Benchmark push-to-served latency of single edits and new zones with many zones loaded (named or nsd).",
        discussion: """
            Seeds --zones zones (as `dadns-bench seed`; bind's zone files and include, or NSD's zone files and zone
            list), starts named or nsd on loopback loaded with them and `dadns serve` on the store, applies one
            warm-up edit and new zone, then pushes --edits edits of seeded zones and --new new zones one at a time,
            as DirectAdmin does (a new connection each), and times each from the push until the server answers the
            new SOA serial (bind: named allows new zones; --bind-zone-config picks how they are added), and from the
            push until dadns replies (the accept latency DirectAdmin waits for, one client, with --zones in the store).
            Beside it, where that wait goes: dadns's login test (HTTP and Basic auth, no store) and a one-thread server
            that only answers (the machine's floor for a request), after the same pause and back to back. Then, as the
            DNS server's floor, the server alone: a zone file rewritten and `rndc reload <zone>` or
            `nsd-control reload <zone>`, until served. Prints p50/p95/p99/max for each, dadns's and the server's RSS,
            and the load average.
            """
    )

    @Option(help: "Zones seeded and loaded before the measurement.") var zones = 100_000
    @Option(help: "The backend: bind (a named it starts) or nsd (an nsd it starts).") var backend = BenchLatencyBackend.bind
    @Option(help: "Single edits of seeded zones timed.") var edits = 200
    @Option(help: "Single new zones timed.") var new = 100
    @Option(help: "bind's zone_config: auto, include (every new zone by the include and rndc reconfig) or addzone.")
    var bindZoneConfig = "auto"
    @Option(help: "Pause between two pushes, in milliseconds.") var pauseMilliseconds = 100
    @Option(help: "dns.settle_seconds for the daemon.") var settleSeconds = 0.0
    @Option(help: "dadns binary to run (default: the dadns beside dadns-bench).") var binary: String?
    @Option(help: "The daemon's log level (its log is node/dadns.log in the work directory).") var logLevel = "warning"
    @Flag(help: "Keep the work directory.") var keep = false

    func run() async throws {
        let directory = BenchFiles.makeTemporaryDirectory()
        print("work directory \(directory), \(zones) zones, backend \(backend.rawValue), load average \(Self.loadAverage())")
        let executable = try binary ?? BenchPushCommand.dadnsBesideThisBinary()
        var seeder = BenchSeeder(directory: directory, zones: zones, applied: [backend.rawValue])
        let started = Clock.now()
        let server = try await BenchLatencyServer(backend, directory: directory) { nsdZones in
            seeder.nsdZonesDirectory = nsdZones
            let seconds = try await seeder.seed()
            print("seeded \(zones) zones                 \(BenchFormat.seconds(seconds))")
            return (0..<zones).map(BenchSeeder.domain)
        }
        print("\(server.program) serves them after        \(BenchFormat.seconds(Clock.now() - started)) (seeding included)")
        let node: BenchNode
        do {
            node = try BenchNode(
                executable: executable, directory: directory + "/node", named: nil,
                datastore: "datastore: {db_location: \(seeder.storePath)}\n",
                dns: "  settle_seconds: \(settleSeconds)\n", backend: server.stanza(zonesDirectory: seeder.zonesDirectory, bindZoneConfig: bindZoneConfig),
                logLevel: logLevel)
        } catch {
            server.stop(keepingDirectory: keep)
            throw error
        }
        defer {
            node.daemon.terminate()
            server.stop(keepingDirectory: keep)
            if !keep { try? FileManager.default.removeItem(atPath: directory) }
        }
        let probe = try SOAProbe(port: server.port)
        let client = node.client()
        // Warm-up: the daemon's first batch may do more (bind reconfigures once after a start).
        let warmEdit = try push(client, probe, number: zones - 1, serial: 2024010190).served
        let warmNew = try push(client, probe, number: zones, serial: 2024010190).served
        print(String(format: "warm-up: an edit served in %.0f ms, a new zone in %.0f ms", warmEdit * 1000, warmNew * 1000))

        var editTimes: [Double] = [], acceptTimes: [Double] = []
        for index in 0..<edits {
            usleep(UInt32(pauseMilliseconds * 1000))
            let times = try push(client, probe, number: (index * 7919) % (zones - 1), serial: 2024010102 + UInt32(index))
            editTimes.append(times.served)
            acceptTimes.append(times.accepted)
        }
        Self.printFigures("edit, push to served", editTimes)
        var newTimes: [Double] = []
        for index in 0..<new {
            usleep(UInt32(pauseMilliseconds * 1000))
            let times = try push(client, probe, number: zones + 1 + index, serial: 2024010101)
            newTimes.append(times.served)
            acceptTimes.append(times.accepted)
        }
        Self.printFigures("new zone, push to served", newTimes)
        // DirectAdmin's own wait: the push until dadns answers (stored and durable), one client.
        Self.printFigures("accept (push to reply), one client", acceptTimes, decimals: 1)
        try printRequestFloor(node, count: max(20, min(edits + new, 200)))
        // The floor: the server alone reloading one edited zone file, no dadns in the way.
        let zonesDirectory = server.nsd?.zonesDirectory ?? seeder.zonesDirectory
        var aloneTimes: [Double] = []
        for index in 0..<min(edits, 50) {
            usleep(UInt32(pauseMilliseconds * 1000))
            let number = (index * 104_729 + 13) % (zones - 1)
            let domain = BenchSeeder.domain(number), serial = 2024020101 + UInt32(index)
            let started = Clock.now()
            try server.reloadAlone(domain, text: BenchDirectAdminZone.text(domain: domain, serial: serial, index: number), zonesDirectory: zonesDirectory)
            try Self.waitUntilServed(probe, domain, serial: serial, since: started)
            aloneTimes.append(Clock.now() - started)
        }
        Self.printFigures("\(server.program) alone: file + reload <zone>", aloneTimes)
        print("dadns RSS                            \(BenchFormat.megabytes(ProcessMemory.currentRSS(of: node.daemon.pid))), peak \(BenchFormat.megabytes(node.daemon.peakRSS))")
        print("\(server.program) RSS".padding(toLength: 37, withPad: " ", startingAt: 0) + BenchFormat.megabytes(server.rss))
        print("load average at the end              \(Self.loadAverage())")
    }

    /// Where an idle push's wait goes: dadns's login test (HTTP and Basic auth, no store, no
    /// zone) and a one-thread server that only answers (the machine's floor), each `count` times
    /// after the same pause as the pushes and `count` times back to back, a new connection each.
    private func printRequestFloor(_ node: BenchNode, count: Int) throws {
        let floor = try FloorHTTPServer()
        defer { floor.stop() }
        let clients = [
            ("dadns login test", node.client()), ("one-thread server", PushClient(port: floor.port, username: "", password: "", keepAlive: false)),
        ]
        for (title, client) in clients {
            for pause in [pauseMilliseconds, 0] {
                var times: [Double] = []
                for _ in 0..<count {
                    if pause > 0 { usleep(UInt32(pause * 1000)) }
                    let sent = Clock.now()
                    let reply = try client.send(method: "GET", target: "/CMD_API_LOGIN_TEST", body: [])
                    times.append(Clock.now() - sent)
                    guard reply.status == 200 else { throw BenchError("\(title): HTTP \(reply.status) \(reply.body)") }
                }
                Self.printFigures("\(title), \(pause > 0 ? "after the pause" : "back to back")", times, decimals: 2)
            }
        }
    }

    /// Pushes zone `number` with `serial` as DirectAdmin does and waits until the server answers
    /// that serial; returns the seconds from the push to dadns's reply and to the served serial.
    private func push(_ client: PushClient, _ probe: SOAProbe, number: Int, serial: UInt32) throws -> (accepted: Double, served: Double) {
        let domain = BenchSeeder.domain(number)
        let sent = Clock.now()
        let accepted = try client.pushBenchZone(number, serial: serial)
        try Self.waitUntilServed(probe, domain, serial: serial, since: sent)
        return (accepted, Clock.now() - sent)
    }

    private static func waitUntilServed(_ probe: SOAProbe, _ domain: String, serial: UInt32, since started: Double) throws {
        while probe.serials(of: [domain], timeout: 0.05)[domain] != serial {
            guard Clock.now() - started < 60 else { throw BenchError("\(domain) not served with serial \(serial) within 60 s") }
            usleep(500)
        }
    }

    private static func printFigures(_ title: String, _ values: [Double], decimals: Int = 0) {
        guard !values.isEmpty else { return }
        func ms(_ p: Double) -> Double { BenchPushCommand.percentile(values, p) * 1000 }
        let figure = "%.\(decimals)f ms"
        print(title.padding(toLength: 37, withPad: " ", startingAt: 0)
            + String(format: "p50 \(figure), p95 \(figure), p99 \(figure), max \(figure) (%d)", ms(50), ms(95), ms(99), (values.max() ?? 0) * 1000, values.count))
    }

    /// The 1, 5 and 15 minute load averages.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
