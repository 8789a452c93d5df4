import Foundation

/// The nsd.conf include file `dadns` owns, in the reference's layout: one
/// `zone:` / `name:` / `zonefile:` stanza per zone, sorted.
enum NSDIncludeFile: ZoneIncludeFile {
    static let header = "# Written by dadns; changes here are overwritten.\n"

    static func stanza(zone: String, file path: String, clauses: String) -> String {
        "zone:\n    name: \"\(zone)\"\n    zonefile: \"\(path)\"\n" + clauses
    }

    /// The `name:` of a stanza, unquoted and lower-cased.
    static func zone(declaredBy line: Substring) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("name:") else { return nil }
        var value = trimmed.dropFirst(5).trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
        return value.lowercased()
    }
}
