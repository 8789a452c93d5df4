import Foundation

/// Why Knot cannot load a zone file, in Knot's own words. knotd reports a failed
/// `zone-reload` only as `(failed)` and logs the reason; knotc's local `zone-check`, given a
/// throw-away configuration that names just the zone files, parses them with the same loader and
/// prints the line and the reason (`error in zone, file '…', line 3 (unsupported record type)`).
/// It reads only the zone files: knotd, its configuration and its journal are not touched.
struct KnotZoneCheck: Sendable {
    let settings: KnotBackendSettings

    /// For each zone (with its file) that fails the check, Knot's messages on one line.
    func reasons(_ zones: [(domain: String, file: String)]) async -> [String: String] {
        guard let knotc = settings.knotcPath, !zones.isEmpty else { return [:] }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dadns-knot-check-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = "zone:\n" + zones.map { "  - domain: \($0.domain)\n    file: \"\($0.file)\"\n" }.joined()
        do {
            try AtomicFile.makeDirectory(directory)
            try AtomicFile.write(Array(configuration.utf8), to: directory + "/check.conf")
            let result = try await CommandRunner.run(
                [knotc, "-c", directory + "/check.conf", "zone-check"] + zones.map(\.domain), timeout: settings.commandTimeout)
            return KnotControlOutput.zoneErrors(result.errorOutput + "\n" + result.output)
                .mapValues { $0.replacingOccurrences(of: "zone loader, ", with: "") }
        } catch {
            return [:]
        }
    }
}
