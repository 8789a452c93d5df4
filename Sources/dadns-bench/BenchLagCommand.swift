import ArgumentParser
import DadnsTestKit
import Foundation

/// `dadns-bench lag`: two `dadns serve` nodes on one MariaDB store, each with its own named;
/// changes pushed to node A one at a time, each timed until node B's named serves it.
struct BenchLagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lag",
        abstract: "Benchmark how long a change pushed to one node takes to be served by another node's named (shared MariaDB store).",
        discussion: """
            Starts a MariaDB server, two named and two `dadns serve` nodes (node-a, node-b) on it with
            `datastore.type: mysql`, all on loopback in a new directory under /tmp. Creates the zones
            through node A and waits until node B's named serves them all; then pushes the changes to
            node A one at a time, a random pause of up to one poll interval apart (so that pushes
            fall anywhere in node B's poll cycle), and times each until node B's named (and node A's)
            answers with the new serial. Everything is stopped at the end.
            """
    )

    @Option(help: "Changes to time.") var changes = 300
    @Option(help: "Zones the changes go round (created first).") var zones = 100
    @Option(help: "datastore.poll_interval_ms of both nodes (default: the daemon's, 250).") var pollIntervalMs: Int?
    @Option(help: "dadns binary to run (default: the dadns beside dadns-bench).") var binary: String?
    @Flag(help: "Keep the work directory (logs, zones).") var keep = false
    @Option(help: "The daemons' log level (their logs are node-a/dadns.log and node-b/dadns.log).") var logLevel = "warning"

    func run() throws {
        let directory = BenchFiles.makeTemporaryDirectory()
        print("work directory \(directory)")
        let executable = try binary ?? BenchPushCommand.dadnsBesideThisBinary()
        let database = try MariaDBServer()
        var named: [NamedServer] = []
        var nodes: [BenchNode] = []
        defer {
            for node in nodes { _ = node.daemon.terminate() }
            for server in named { server.stop(keepingDirectory: keep) }
            database.destroy()
            if !keep { try? FileManager.default.removeItem(atPath: directory) }
        }
        for name in ["node-a", "node-b"] {
            let server = try NamedServer(directory: URL(fileURLWithPath: "\(directory)/\(name)/named"))
            named.append(server)
            nodes.append(try BenchNode(
                executable: executable, directory: "\(directory)/\(name)", named: server,
                datastore: BenchStore.yaml(directory: "\(directory)/\(name)", server: database, pollMilliseconds: pollIntervalMs),
                app: "node_name: \(name)", logLevel: logLevel))
        }
        let probeA = try SOAProbe(port: named[0].port), probeB = try SOAProbe(port: named[1].port)
        let client = nodes[0].client()
        let domains = (0..<zones).map { "lag\($0).bench" }
        let firstSerial: UInt32 = 2024010101

        func push(_ index: Int, serial: UInt32) throws {
            let body = Array(BenchDirectAdminZone.text(domain: domains[index], serial: serial, index: index).utf8)
            let reply = try client.send(
                method: "POST", target: "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domains[index])&hostname=da1.example&username=bench",
                body: body)
            guard reply.status == 200, reply.body == "error=0" else { throw BenchError("push of \(domains[index]): HTTP \(reply.status) \(reply.body)") }
        }
        for index in domains.indices { try push(index, serial: firstSerial) }
        guard probeB.waitUntilServed(domains, serial: firstSerial, timeout: 120).seconds != nil else {
            throw BenchError("node B's named did not serve the \(zones) zones pushed to node A within 120 s; see \(directory)")
        }

        let interval = Double(pollIntervalMs ?? 250) / 1000
        var lagB: [Double] = [], lagA: [Double] = [], acks: [Double] = []
        for change in 0..<changes {
            usleep(UInt32(Double.random(in: 0..<interval) * 1e6))
            let index = change % zones
            let serial = firstSerial + UInt32(change + 1)
            let start = Clock.now()
            try push(index, serial: serial)
            acks.append(Clock.now() - start)
            var servedA: Double?, servedB: Double?
            while servedA == nil || servedB == nil {
                let now = Clock.now()
                guard now - start < 30 else { throw BenchError("change \(change) of \(domains[index]) not served by both named within 30 s; see \(directory)") }
                if servedA == nil, probeA.serials(of: [domains[index]], timeout: 0.05)[domains[index]] == serial { servedA = Clock.now() - start }
                if servedB == nil, probeB.serials(of: [domains[index]], timeout: 0.05)[domains[index]] == serial { servedB = Clock.now() - start }
                usleep(1000)
            }
            lagA.append(servedA ?? 0)
            lagB.append(servedB ?? 0)
        }
        func line(_ label: String, _ values: [Double]) -> String {
            label + String(format: "p50 %.0f ms, p99 %.0f ms, max %.0f ms", BenchPushCommand.percentile(values, 50) * 1000,
                   BenchPushCommand.percentile(values, 99) * 1000, (values.max() ?? 0) * 1000)
        }
        print("changes \(changes) over \(zones) zones, poll_interval_ms \(pollIntervalMs.map(String.init) ?? "250 (default)"), pushed to node A")
        print(line("accepted by node A                  ", acks))
        print(line("push to served by node A's named    ", lagA))
        print(line("push to served by node B's named    ", lagB))
        print(String(format: "peak RSS                             node A %.1f MB, node B %.1f MB, mariadbd %.1f MB",
                     Double(nodes[0].daemon.peakRSS) / 1e6, Double(nodes[1].daemon.peakRSS) / 1e6, Double(BenchStore.peakRSS(of: database)) / 1e6))
    }
}
