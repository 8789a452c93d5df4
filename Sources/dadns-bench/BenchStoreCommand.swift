import ArgumentParser
import DadnsTestKit
import Foundation
import ZoneStore

/// `dadns-bench store`: the SQLite store alone, without HTTP or backends: `--zones` new zones
/// pushed through the real store (group commit, `synchronous = FULL`) by `--writers` concurrent
/// writers, then every zone edited once; zones/s, CPU per push and push latency for each phase.
struct BenchStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Benchmark the SQLite store's write path: new zones, then one edit of each."
    )

    @Option(help: "Zones pushed (then edited).") var zones = 20_000
    @Option(help: "Concurrent writers, each pushing its share one zone at a time.") var writers = 8
    @Option(help: "Directory for the store (default: a new one under /tmp).") var workdir: String?

    func run() async throws {
        let directory = workdir ?? BenchFiles.makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try SQLiteZoneStore(path: directory + "/store.db")
        print("store \(directory)/store.db: \(zones) zones, \(writers) writer(s)")
        for phase in ["new zones", "edits"] {
            let edit = phase == "edits"
            let cpuBefore = ProcessCost.cpuSeconds(of: getpid())
            let start = Clock.now()
            let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
                for writer in 0..<writers {
                    group.addTask { try await push(writer: writer, edit: edit, into: store) }
                }
                return try await group.reduce(into: [Double]()) { $0 += $1 }
            }
            let seconds = Clock.now() - start
            let cpu = ProcessCost.cpuSeconds(of: getpid()) - cpuBefore
            let p50 = BenchPushCommand.percentile(latencies, 50), p99 = BenchPushCommand.percentile(latencies, 99)
            print(
                "\(phase): \(rounded(seconds)) s, \(Int(Double(zones) / seconds)) zones/s, CPU \(rounded(cpu)) s"
                    + " (\(Int(cpu / Double(zones) * 1_000_000)) µs a push), latency p50 \(rounded(p50 * 1000)) ms p99 \(rounded(p99 * 1000)) ms")
        }
    }

    /// Pushes the zones `writer` owns (every `writers`-th), one at a time; the latency of each.
    private func push(writer: Int, edit: Bool, into store: SQLiteZoneStore) async throws -> [Double] {
        var latencies: [Double] = []
        for index in stride(from: writer, to: zones, by: writers) {
            let domain = "customer\(index).example"
            var text = BenchDirectAdminZone.fullText(domain: domain, index: index)
            if edit { text += "edit\t3600\tIN\tA\t192.0.2.1\n" }
            let push = ZonePush(
                domain: domain, canonicalText: text, recordCount: 20, contentHash: "\(domain)-\(edit ? 2 : 1)", serial: edit ? 2 : 1,
                hostname: "da.bench", username: "user\(index % 100)", clientAddress: "127.0.0.1", source: .directAdmin)
            let start = Clock.now()
            _ = try await store.push(push, at: Date().timeIntervalSince1970)
            latencies.append(Clock.now() - start)
        }
        return latencies
    }

    private func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
