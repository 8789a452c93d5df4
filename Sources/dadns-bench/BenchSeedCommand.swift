import ArgumentParser
import Foundation

/// `dadns-bench seed`: a store with many zones, fast (see `BenchSeeder`).
struct BenchSeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Fill a store with DirectAdmin-shaped zones through the store's bulk import (for measurements at scale).",
        discussion: """
            Writes DIR/data/dadns.db (SQLite) with --zones zones named customer<N>.bench at generation 1, each with
            its journal entry. Every backend named in --applied holds every zone already (applied state ok); for bind
            the zone files and the include are written too, under DIR/zones and DIR/named.conf.include, through the
            bind backend itself (files only, no rndc).
            """
    )

    @Option(help: "Zones to write.") var zones = 100_000
    @Option(help: "The node's directory (the store is DIR/data/dadns.db).") var data: String
    @Option(help: "Backends that already hold every zone, comma-separated (bind: its files are written too).") var applied = "bind"

    func run() async throws {
        let seeder = BenchSeeder(directory: data, zones: zones, applied: applied.split(separator: ",").map(String.init))
        let seconds = try await seeder.seed()
        print("seeded \(zones) zones into \(seeder.storePath) in \(BenchFormat.seconds(seconds)) (\(Int(Double(zones) / seconds)) zones/s)")
    }
}

/// Figures as the benchmarks print them.
enum BenchFormat {
    static func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }
    static func milliseconds(_ value: Double) -> String { String(format: "%.1f ms", value * 1000) }
    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }

}
