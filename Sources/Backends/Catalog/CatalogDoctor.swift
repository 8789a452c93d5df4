import Foundation
import SettingsKit

/// `dadns doctor`'s look at the secondaries of a bind or nsd backend: for each one, the SOA
/// serial it serves for the catalog and for a sample of members, next to the serial this
/// primary has on disk. A secondary that lags or does not answer is a warning.
///
/// TODO: after the PROBE slice lands, ask with its SOA query client instead of `dig`, so the
/// doctor needs no bind9-dnsutils.
enum CatalogDoctor {
    /// Members asked about per secondary (the first ones by name).
    static let sampleSize = 3

    static func findings(
        _ stanza: BackendStanza, _ settings: CatalogSettings, zonesDirectory: String, timeLimit: Double,
        searchPath: String? = ProcessInfo.processInfo.environment["PATH"]
    ) async -> [DoctorFinding] {
        guard !settings.secondaries.isEmpty else { return [] }
        let file = settings.catalog.map { CatalogFile(zone: $0, zonesDirectory: zonesDirectory) }
        guard let dig = ExecutableSearch.find("dig", searchPath: searchPath) else {
            return [.warning(
                "\(stanza.name) secondaries", "no dig found on PATH: the serials the secondaries serve are not checked",
                fix: "install dig (Debian: bind9-dnsutils)")]
        }
        // Zones to ask about, each with the serial this primary holds.
        var asked: [(zone: String, serial: UInt32?)] = []
        if let file { asked.append((file.zone.name, file.serial)) }
        for member in (file?.members ?? []).sorted().prefix(sampleSize) {
            asked.append((member, FileReading.text(path: "\(zonesDirectory)/\(member).db").flatMap(soaSerial)))
        }
        var findings: [DoctorFinding] = []
        for secondary in settings.secondaries {
            let check = "\(stanza.name) secondary \(secondary)"
            guard !asked.isEmpty else {
                findings.append(.ok(check, "no catalog_zone: nothing to compare"))
                continue
            }
            var parts: [String] = []
            var behind = false
            for (zone, primary) in asked {
                let (served, refused) = await servedSerial(dig, secondary, zone, timeout: min(timeLimit, 5))
                // Knot answers no query for a catalog it interprets (REFUSED): its members tell.
                if refused, zone == file?.zone.name {
                    parts.append("\(zone) refused (Knot answers no query for a catalog it consumes)")
                    continue
                }
                if served != primary { behind = true }
                let shown = served.map(String.init) ?? (refused ? "refused" : "no answer")
                parts.append("\(zone) \(shown) (primary \(primary.map(String.init) ?? "none"))")
            }
            let detail = "serves " + parts.joined(separator: ", ")
            findings.append(behind
                ? .warning(check, detail, fix: "check that it consumes catalog \(settings.catalog?.name ?? "?") from this server and that this server's allow-transfer and also-notify reach it (docs/secondaries.md)")
                : .ok(check, detail))
        }
        return findings
    }

    /// The SOA serial `secondary` answers for `zone` (nil for no answer or no SOA), and whether
    /// it answered REFUSED.
    static func servedSerial(_ dig: String, _ secondary: CatalogSecondary, _ zone: String, timeout: Double) async -> (serial: UInt32?, refused: Bool) {
        let argv = [dig, "@\(secondary.address)", "-p", String(secondary.port), "+norecurse", "+time=2", "+tries=1", "+noall", "+comments", "+answer", zone, "SOA"]
        guard let result = try? await CommandRunner.run(argv, timeout: timeout), result.status == 0, !result.timedOut else { return (nil, false) }
        let lines = result.output.split(separator: "\n")
        let refused = lines.contains { $0.hasPrefix(";") && $0.contains("status: REFUSED") }
        let serial = lines.lazy.filter { !$0.hasPrefix(";") }.compactMap { line -> UInt32? in
            // owner TTL class SOA mname rname serial …
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            return fields.count >= 7 && fields[3] == "SOA" ? UInt32(fields[6]) : nil
        }.first
        return (serial, refused)
    }

    /// The serial of the SOA record in a zone file (the field after MNAME and RNAME).
    static func soaSerial(_ text: String) -> UInt32? {
        for line in text.split(separator: "\n") where !line.hasPrefix(";") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "(" })
            if let soa = fields.firstIndex(of: "SOA"), soa + 3 < fields.count { return UInt32(fields[soa + 3]) }
        }
        return nil
    }
}
