import Foundation

/// The nsd.conf include file `dadns` owns, in the reference's layout: one
/// `zone:` / `name:` / `zonefile:` stanza per zone, sorted.
enum NSDIncludeFile {
    static func render(zones: Set<String>, zonesDirectory: String) -> String {
        var text = "# Written by dadns; changes here are overwritten.\n"
        for zone in zones.sorted() {
            text += "zone:\n    name: \"\(zone)\"\n    zonefile: \"\(zonesDirectory)/\(zone).db\"\n"
        }
        return text
    }

    /// The zones listed in an include file (empty when missing); names that fail the safe-name
    /// check are ignored.
    static func zones(inFile path: String) -> Set<String> {
        guard let text = FileReading.text(path: path) else { return [] }
        var zones: Set<String> = []
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("name:") else { continue }
            var value = trimmed.dropFirst(5).trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            let zone = value.lowercased()
            if SafeZoneName.isSafe(zone) { zones.insert(zone) }
        }
        return zones
    }
}
