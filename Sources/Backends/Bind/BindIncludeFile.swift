/// The named.conf include file `dadns` owns: one `zone "d" { type master; file "…"; };` line per
/// zone, sorted.
enum BindIncludeFile: ZoneIncludeFile {
    static let header = "// Written by dadns; changes here are overwritten.\n"

    static func stanza(zone: String, file path: String, clauses: String) -> String {
        "zone \"\(zone)\" { type master; file \"\(path)\"; \(clauses)};\n"
    }

    /// `include "KEYFILE";` when a TSIG key is configured: named must know the key the clauses name.
    static func preamble(_ catalog: CatalogSettings) -> String {
        catalog.tsigKeyFile.map { "include \"\($0)\";\n" } ?? ""
    }

    /// What every zone of the include (and the catalog) gets when secondaries are configured:
    /// transfers allowed to them (or, with a TSIG key, to whoever signs with it), NOTIFY to them
    /// only (`notify explicit`), each with its port and the key, at once (`notify-delay 0`: named
    /// otherwise waits up to 5 s, the delay a secondary sees after an update).
    static func transferClauses(_ catalog: CatalogSettings) -> String {
        guard !catalog.secondaries.isEmpty else { return "" }
        let key = catalog.tsigKey.map { " key \"\($0.name)\"" } ?? ""
        let allowed = catalog.tsigKey.map { "key \"\($0.name)\"; " } ?? catalog.secondaries.map { "\($0.address); " }.joined()
        let notified = catalog.secondaries.map { "\($0.address) port \($0.port)\(key); " }.joined()
        return "allow-transfer { \(allowed)}; also-notify { \(notified)}; notify explicit; notify-delay 0; "
    }

    static func zone(declaredBy line: Substring) -> String? {
        guard line.hasPrefix("zone \"") else { return nil }
        let rest = line.dropFirst(6)
        guard let quote = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<quote])
    }

    /// Whether `text` can stand between double quotes in named.conf as it is: no `"`, no `\`,
    /// no control character.
    static func isQuotable(_ text: String) -> Bool {
        !text.unicodeScalars.contains { $0 == "\"" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }
    }

    /// See `SafeZoneName.isSafe`.
    static func isSafeZoneName(_ name: String) -> Bool { SafeZoneName.isSafe(name) }
}
