import Backends
import ArgumentParser
import DadnsTestKit
import DNSZone

#if canImport(Glibc)
import Glibc
#endif

/// `dadns-bench parse`: parse and validate a generated large zone and many DirectAdmin-size
/// zones; compare with `named-checkzone` on the same files.
struct BenchParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Benchmark the zone parser against named-checkzone."
    )

    @Option(help: "Records in the large zone.") var records = 1_000_000
    @Option(help: "Number of DirectAdmin-size zones.") var zones = 10_000
    @Option(help: "How many of the small zones named-checkzone checks (one process each).") var bindSample = 200
    @Option(help: "Directory for the generated files (default: a new one under /tmp).") var workdir: String?
    @Option(help: "Times to parse the large zone (best and median are printed).") var repeats = 5
    @Option(help: "Path of named-checkzone; empty to skip the comparison.") var namedCheckzone = "/usr/bin/named-checkzone"

    func run() throws {
        let directory = workdir ?? BenchFiles.makeTemporaryDirectory()
        mkdir(directory, 0o755)
        let largePath = directory + "/large.example.db"
        let largeOrigin = try DNSName("large.example.")
        let baselineRSS = ProcessMemory.currentRSS()

        print("generating \(records) records into \(largePath) …")
        let largeBytes = try BenchZoneGenerator.writeLargeZone(path: largePath, records: records)
        print("generating \(zones) DirectAdmin-style zones …")
        let smallPaths = try BenchZoneGenerator.writeDirectAdminZones(directory: directory + "/da", count: zones)
        // Write the generated files out now, so background write-back does not run during timing.
        sync()

        // Large zone: read (mapped) + parse + validate, timed together. The file was just
        // written, so it is in the page cache for both this and named-checkzone.
        var timings: [Double] = []
        var recordCount = 0
        var peakRSS = 0
        for run in 0..<max(1, repeats) {
            let start = Clock.now()
            let zone = try ZoneParser.parse(contentsOfFile: largePath, origin: largeOrigin)
            timings.append(Clock.now() - start)
            recordCount = zone.recordCount
            // Peak memory of the first run: later runs reuse the allocator's freed pages.
            if run == 0 { peakRSS = ProcessMemory.peakRSS() }
        }
        timings.sort()
        let best = timings[0]
        let median = timings[timings.count / 2]
        print("")
        print("large zone: \(largeBytes.megabytes) MB, \(recordCount) distinct records, \(timings.count) run(s)")
        print("  read+parse+validate best \(format(best)) s  →  \(Int(Double(recordCount) / best)) records/s, \(format(Double(largeBytes) / 1_048_576 / best)) MB/s")
        print("  read+parse+validate median \(format(median)) s  →  \(Int(Double(recordCount) / median)) records/s")
        print("  peak RSS   \(peakRSS.megabytes) MB (baseline before parsing \(baselineRSS.megabytes) MB; \(format(Double(peakRSS) / Double(largeBytes))) × file size)")

        // Small zones one after another.
        var smallRecords = 0
        var smallBytes = 0
        let smallStart = Clock.now()
        for (path, origin) in smallPaths {
            let bytes = try FileReading.read(path: path)
            smallBytes += bytes.count
            let small = try ZoneParser.parse(bytes, origin: origin)
            smallRecords += small.recordCount
        }
        let smallSeconds = Clock.now() - smallStart
        print("")
        print("\(smallPaths.count) DirectAdmin-size zones: \(smallRecords) records, \(smallBytes.megabytes) MB")
        print("  read+parse+validate \(format(smallSeconds)) s  →  \(Int(Double(smallPaths.count) / smallSeconds)) zones/s, \(Int(Double(smallRecords) / smallSeconds)) records/s")
        print("  RSS now    \(ProcessMemory.currentRSS().megabytes) MB")

        guard !namedCheckzone.isEmpty, access(namedCheckzone, X_OK) == 0 else {
            print("\nnamed-checkzone not found at '\(namedCheckzone)': comparison skipped")
            return
        }
        print("")
        let bindStart = Clock.now()
        let status = (try? ProgramRun.status([namedCheckzone, "-i", "local", "-k", "warn", "large.example", largePath])) ?? -1
        let bindSeconds = Clock.now() - bindStart
        print("named-checkzone large zone: \(format(bindSeconds)) s (exit \(status)) → \(Int(Double(recordCount) / bindSeconds)) records/s")
        let sample = smallPaths.prefix(bindSample)
        let sampleStart = Clock.now()
        for (path, origin) in sample {
            _ = try? ProgramRun.status([namedCheckzone, "-q", "-i", "local", "-k", "warn", String(origin.text.dropLast()), path])
        }
        let sampleSeconds = Clock.now() - sampleStart
        print("named-checkzone \(sample.count) small zones: \(format(sampleSeconds)) s → \(format(Double(sample.count) / sampleSeconds)) zones/s (one process per zone)")
    }

    private func format(_ value: Double) -> String {
        let scaled = (value * 1000).rounded() / 1000
        return "\(scaled)"
    }
}

extension Int {
    var megabytes: String {
        let value = (Double(self) / 1_048_576 * 10).rounded() / 10
        return "\(value)"
    }
}
