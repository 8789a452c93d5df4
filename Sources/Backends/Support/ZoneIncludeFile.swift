import Foundation

/// An include file `dadns` owns in a DNS server's configuration (BIND's `named_conf`, NSD's
/// `nsd_conf`): a header comment, then one stanza per zone, sorted. A server type says how a
/// stanza looks and how to read a zone back from a line; writing and reading the file are shared.
protocol ZoneIncludeFile {
    /// The first line: a comment saying who writes the file.
    static var header: String { get }
    /// The stanza that declares `zone` with its zone file at `path`, and `clauses` (transfer and
    /// notify settings for secondaries; empty without) inside it.
    static func stanza(zone: String, file path: String, clauses: String) -> String
    /// The zone a line of the file declares; nil for every other line.
    static func zone(declaredBy line: Substring) -> String?
}

extension ZoneIncludeFile {
    /// The whole file for `zones`, each with its file `<zonesDirectory>/<zone>.db` and
    /// `clauses`; `preamble` (a key include) comes after the header.
    static func render(zones: Set<String>, zonesDirectory: String, preamble: String = "", clauses: String = "") -> String {
        var text = header + preamble
        for zone in zones.sorted() {
            text += stanza(zone: zone, file: "\(zonesDirectory)/\(zone).db", clauses: clauses)
        }
        return text
    }

    /// The zones listed in an include file (empty when missing); names that fail the safe-name
    /// check (`SafeZoneName.isSafe`) are ignored.
    static func zones(inFile path: String) -> Set<String> {
        guard let text = FileReading.text(path: path) else { return [] }
        return Set(text.split(separator: "\n").compactMap(zone(declaredBy:)).filter(SafeZoneName.isSafe))
    }
}
