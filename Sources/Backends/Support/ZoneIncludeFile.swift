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
        // Reserved at its final size (a stanza's length is fixed plus the name's, as often as it
        // appears): appending alone would double the buffer as it grows, and at 100,000 zones
        // a 10 MB include would take up to 16 MB, with the 8 MB it outgrew freed beside it.
        let fixed = stanza(zone: "", file: "\(zonesDirectory)/.db", clauses: clauses).utf8.count
        let perNameByte = stanza(zone: "x", file: "\(zonesDirectory)/x.db", clauses: clauses).utf8.count - fixed
        text.reserveCapacity(text.utf8.count + zones.reduce(0) { $0 + fixed + perNameByte * $1.utf8.count })
        for zone in zones.sorted() {
            text += stanza(zone: zone, file: "\(zonesDirectory)/\(zone).db", clauses: clauses)
        }
        return text
    }

    /// The zones listed in an include file (empty when missing); names that fail the safe-name
    /// check (`SafeZoneName.isSafe`) are ignored.
    /// Read line by line, without an array of every line beside the file's text: at 100,000
    /// zones the include is about 10 MB, and healing reads it again for each page with drift.
    static func zones(inFile path: String) -> Set<String> {
        guard let text = FileReading.text(path: path) else { return [] }
        var zones = Set<String>()
        let bytes = text.utf8
        var lineStart = bytes.startIndex
        while lineStart < bytes.endIndex {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            if lineStart < lineEnd, let zone = zone(declaredBy: text[lineStart..<lineEnd]), SafeZoneName.isSafe(zone) {
                zones.insert(zone)
            }
            lineStart = lineEnd < bytes.endIndex ? bytes.index(after: lineEnd) : bytes.endIndex
        }
        return zones
    }
}
