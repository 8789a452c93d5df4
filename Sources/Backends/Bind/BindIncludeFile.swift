/// The named.conf include file `dadns` owns: one `zone "d" { type master; file "…"; };` line per
/// zone, sorted.
enum BindIncludeFile: ZoneIncludeFile {
    static let header = "// Written by dadns; changes here are overwritten.\n"

    static func stanza(zone: String, file path: String) -> String {
        "zone \"\(zone)\" { type master; file \"\(path)\"; };\n"
    }

    static func zone(declaredBy line: Substring) -> String? {
        guard line.hasPrefix("zone \"") else { return nil }
        let rest = line.dropFirst(6)
        guard let quote = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<quote])
    }

    /// See `SafeZoneName.isSafe`.
    static func isSafeZoneName(_ name: String) -> Bool { SafeZoneName.isSafe(name) }
}
