#if canImport(Glibc)
import Glibc
#endif

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
    /// The file for `zones`, each with its file `<zonesDirectory>/<zone>.db` and `clauses`;
    /// `preamble` (a key include) comes after the header. Rendered piece by piece as it is written
    /// (`AtomicFile`), never whole in memory: 10 MB at 100,000 zones.
    static func contents(zones: Set<String>, zonesDirectory: String, preamble: String = "", clauses: String = "")
        -> ZoneIncludeContents<Self>
    {
        ZoneIncludeContents(zones: zones.sorted(), zonesDirectory: zonesDirectory, preamble: preamble, clauses: clauses)
    }

    /// The whole file `contents` writes, as text.
    static func render(zones: Set<String>, zonesDirectory: String, preamble: String = "", clauses: String = "") -> String {
        contents(zones: zones, zonesDirectory: zonesDirectory, preamble: preamble, clauses: clauses).text
    }

    /// The zones listed in an include file (empty when missing); names that fail the safe-name
    /// check (`SafeZoneName.isSafe`) are ignored. Read a piece at a time, line by line: at
    /// 100,000 zones the include is about 10 MB, and healing reads it again for each page with
    /// drift, beside a batch that may be writing it.
    static func zones(inFile path: String) -> Set<String> {
        var zones = Set<String>()
        let read = IncludeLines.forEach(inFile: path) { line in
            if let zone = zone(declaredBy: line[...]), SafeZoneName.isSafe(zone) { zones.insert(zone) }
        }
        return read ? zones : []
    }
}

/// An include file's contents for `AtomicFile`: its stanzas rendered into a buffer of about
/// `pieceSize` bytes, written out each time it fills.
struct ZoneIncludeContents<File: ZoneIncludeFile>: FileContents {
    /// The zones, sorted.
    let zones: [String]
    let zonesDirectory: String
    let preamble: String
    let clauses: String
    static var pieceSize: Int { 65_536 }

    /// The file's size in bytes (a stanza's length is fixed plus the name's, as often as it appears).
    var byteCount: Int {
        let fixed = File.stanza(zone: "", file: "\(zonesDirectory)/.db", clauses: clauses).utf8.count
        let perNameByte = File.stanza(zone: "x", file: "\(zonesDirectory)/x.db", clauses: clauses).utf8.count - fixed
        return (File.header + preamble).utf8.count + zones.reduce(0) { $0 + fixed + perNameByte * $1.utf8.count }
    }

    /// The whole file as text (to compare with the file on disk), reserved at its final size:
    /// appending alone would double the buffer as it grows.
    var text: String {
        var text = ""
        text.reserveCapacity(byteCount)
        _ = write { piece in
            text += String(decoding: piece, as: UTF8.self)
            return true
        }
        return text
    }

    func write(inPieces write: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        var piece: [UInt8] = []
        piece.reserveCapacity(Self.pieceSize + 1_024)
        piece.append(contentsOf: (File.header + preamble).utf8)
        for zone in zones {
            piece.append(contentsOf: File.stanza(zone: zone, file: "\(zonesDirectory)/\(zone).db", clauses: clauses).utf8)
            if piece.count >= Self.pieceSize {
                guard piece.withUnsafeBytes(write) else { return false }
                piece.removeAll(keepingCapacity: true)
            }
        }
        return piece.isEmpty || piece.withUnsafeBytes(write)
    }
}

/// Reads a text file's lines a piece at a time, without the whole file in memory.
enum IncludeLines {
    static let pieceSize = 65_536

    /// Calls `body` with each line of the file (without its newline; invalid UTF-8 repaired);
    /// false when the file cannot be opened or read to its end.
    @discardableResult
    static func forEach(inFile path: String, _ body: (String) -> Void) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var piece = [UInt8](repeating: 0, count: pieceSize)
        var partial: [UInt8] = []  // the start of a line the previous piece ended in
        while true {
            let count = piece.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, pieceSize) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { return false }
            if count == 0 { break }
            var lineStart = 0
            while let newline = piece[lineStart..<count].firstIndex(of: UInt8(ascii: "\n")) {
                if partial.isEmpty {
                    emit(piece[lineStart..<newline], body)
                } else {
                    partial += piece[lineStart..<newline]
                    emit(partial[...], body)
                    partial.removeAll(keepingCapacity: true)
                }
                lineStart = newline + 1
            }
            partial += piece[lineStart..<count]
        }
        emit(partial[...], body)
        return true
    }

    private static func emit(_ line: ArraySlice<UInt8>, _ body: (String) -> Void) {
        guard !line.isEmpty else { return }
        body(String(decoding: line, as: UTF8.self))
    }
}
