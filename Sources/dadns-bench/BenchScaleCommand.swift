import ArgumentParser
import DadnsTestKit
import Foundation

/// `dadns-bench scale`: the figures of a node holding many zones that do not depend on how
/// named is told about changes — start-up, RSS, accept latency, the read pages an operator
/// uses, a healing pass and a peer's idle pass — against `dadns serve` on a seeded store with a
/// bind backend that only writes files (`reload: false`, no named running).
struct BenchScaleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Benchmark a node holding many zones: start-up, RSS, accept latency, list pages, healing, peer sync bytes.",
        discussion: """
            Seeds a store (as `dadns-bench seed`, bind's files included) unless --data names a directory seeded
            before, starts `dadns serve` on it with a bind backend that writes files only (no named), and prints:
            the start-up time until /status answers, RSS, the time of /status, /api/zones pages, `dadns zones
            --state failed`, the console's zones page (logged in: prefix and substring search, state and backend
            filters, the last page), a healing pass (longest lane hold, CPU time), the bytes of a peer's idle pass
            (full listing and delta), and single-client accept latency.
            """
    )

    @Option(help: "Zones in the store.") var zones = 100_000
    @Option(help: "A directory seeded before with the same --zones (default: a new one under /tmp, seeded now).") var data: String?
    @Option(help: "Single pushes measured (one client, a new connection each, as DirectAdmin).") var pushes = 500
    @Option(help: "Times each read is repeated (the figures are median and max).") var repeats = 5
    @Option(help: "dadns binary to run (default: the dadns beside dadns-bench).") var binary: String?
    @Flag(help: "Keep the work directory.") var keep = false

    func run() async throws {
        let directory = data ?? BenchFiles.makeTemporaryDirectory()
        print("work directory \(directory)")
        let seeder = BenchSeeder(directory: directory, zones: zones, applied: ["bind"])
        if !FileManager.default.fileExists(atPath: seeder.storePath) {
            let seconds = try await seeder.seed()
            print("seeded \(zones) zones                 \(BenchFormat.seconds(seconds))")
        }
        let executable = try binary ?? BenchPushCommand.dadnsBesideThisBinary()
        var node = try ScaleNode(executable: executable, directory: directory, seeder: seeder)
        defer {
            _ = node.daemon.terminate()
            if !keep && data == nil { try? FileManager.default.removeItem(atPath: directory) }
        }
        print("start-up until /status answers        \(BenchFormat.seconds(node.startUp))")
        print("RSS after start-up                    \(BenchFormat.megabytes(ProcessMemory.currentRSS(of: node.daemon.pid)))")

        let reads = ScaleReads(node: node, repeats: repeats, zones: zones)
        try reads.measureAPI()
        try reads.measureCLI(executable: executable)
        try reads.measureConsole()
        try measurePushes(&node)
        rss("after the pushes", node)
        try reads.measureHealing()
        rss("after the healing pass", node)
        try reads.measurePeerSync()
        rss("after a peer's full listing", node)
    }

    private func rss(_ when: String, _ node: ScaleNode) {
        print("RSS \(when)".padding(toLength: 42, withPad: " ", startingAt: 0)
            + "\(BenchFormat.megabytes(ProcessMemory.currentRSS(of: node.daemon.pid))), peak \(BenchFormat.megabytes(node.daemon.peakRSS))")
    }

    /// Single pushes, one client, a new connection each: new zones, then edits of seeded ones.
    private func measurePushes(_ node: inout ScaleNode) throws {
        let client = node.client()
        var added: [Double] = []
        var edited: [Double] = []
        for index in 0..<pushes {
            let isNew = index % 2 == 0
            let number = isNew ? zones + index : (index * 7919) % zones
            let took = try client.pushBenchZone(number, serial: 2024010102 + UInt32(index))
            if isNew { added.append(took) } else { edited.append(took) }
        }
        let all = added + edited
        print(String(
            format: "accept latency, one client            p50 %.2f ms, p99 %.2f ms (%d pushes: new zones p50 %.2f ms, edits p50 %.2f ms)",
            BenchPushCommand.percentile(all, 50) * 1000, BenchPushCommand.percentile(all, 99) * 1000, all.count,
            BenchPushCommand.percentile(added, 50) * 1000, BenchPushCommand.percentile(edited, 50) * 1000))
    }
}

