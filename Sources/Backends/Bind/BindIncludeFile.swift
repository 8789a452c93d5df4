import Foundation

/// The named.conf include file `dadns` owns: one `zone "d" { type master; file "…"; };` line per
/// zone, sorted.
enum BindIncludeFile {
    static func render(zones: Set<String>, zonesDirectory: String) -> String {
        var text = "// Written by dadns; changes here are overwritten.\n"
        for zone in zones.sorted() {
            text += "zone \"\(zone)\" { type master; file \"\(zonesDirectory)/\(zone).db\"; };\n"
        }
        return text
    }

    /// The zones listed in an include file written by `render` (empty when missing).
    static func zones(inFile path: String) -> Set<String> {
        guard let text = FileReading.text(path: path) else { return [] }
        var zones: Set<String> = []
        for line in text.split(separator: "\n") where line.hasPrefix("zone \"") {
            let rest = line.dropFirst(6)
            guard let quote = rest.firstIndex(of: "\"") else { continue }
            let zone = String(rest[..<quote])
            if isSafeZoneName(zone) { zones.insert(zone) }
        }
        return zones
    }

    /// See `SafeZoneName.isSafe`.
    static func isSafeZoneName(_ name: String) -> Bool { SafeZoneName.isSafe(name) }
}
