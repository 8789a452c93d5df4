/// The pattern file dadns writes for NSD when `pattern_file` is set: the pattern zones are added
/// with (`addzone NAME PATTERN`), its `zonefile`, and for each secondary a `provide-xfr:` and a
/// `notify:` line (with the TSIG key's name, whose `key:` clause comes first, or `NOKEY`). The
/// catalog zone is added with the same pattern, so it goes to the same secondaries.
enum NSDPatternFile {
    static func text(pattern: String, zonesDirectory: String, catalog: CatalogSettings) -> String {
        var text = "# Written by dadns; changes here are overwritten.\n" + (catalog.tsigKey?.nsdClause ?? "")
        text += "pattern:\n    name: \"\(pattern)\"\n    zonefile: \"\(zonesDirectory)/%s.db\"\n"
        let key = catalog.tsigKey?.name ?? "NOKEY"
        for secondary in catalog.secondaries {
            text += "    provide-xfr: \(secondary.address) \(key)\n    notify: \(secondary.address)@\(secondary.port) \(key)\n"
        }
        return text
    }

    /// The lines a zone of the nsd_conf include gets so that it has the pattern's transfer
    /// settings too (NSD keeps the include's definition of a zone after a restart).
    static func includeClauses(pattern: String, settings: NSDBackendSettings) -> String {
        settings.patternFile == nil || settings.catalog.secondaries.isEmpty ? "" : "    include-pattern: \"\(pattern)\"\n"
    }
}
