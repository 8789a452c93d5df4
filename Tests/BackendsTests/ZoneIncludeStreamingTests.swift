import DadnsTestKit
import Foundation
import Testing
@testable import Backends

/// An include written and read a piece at a time (docs/benchmarks.md, "Memory during 100,000
/// pushes"): the same file as rendered whole, and every zone read back across piece boundaries.
@Suite("Include file: written and read in pieces")
struct ZoneIncludeStreamingTests {
    /// Names of varied lengths, so that stanzas straddle the 64 KiB piece boundaries at many offsets.
    static let zones = Set((0..<5_000).map { "zone\($0)\(String(repeating: "x", count: $0 % 37)).example" })

    @Test func theIncludeWrittenInPiecesIsTheRenderedTextAndReadsBackWhole() throws {
        let directory = try Scratch.directory("include-pieces")
        let path = directory.appendingPathComponent("include.conf").path
        let clauses = "allow-transfer { 127.0.0.1; }; "
        let contents = BindIncludeFile.contents(
            zones: Self.zones, zonesDirectory: "/var/lib/dadns/zones", preamble: "include \"/k.key\";\n", clauses: clauses)
        var pieces = 0
        _ = contents.write { _ in pieces += 1; return true }
        #expect(pieces > 5, "the 5,000-zone include (\(contents.byteCount) bytes) comes in several pieces")

        try AtomicFile.write(contents, to: path)

        let rendered = BindIncludeFile.render(
            zones: Self.zones, zonesDirectory: "/var/lib/dadns/zones", preamble: "include \"/k.key\";\n", clauses: clauses)
        #expect(FileManager.default.contents(atPath: path) == Data(rendered.utf8))
        #expect(contents.byteCount == rendered.utf8.count)
        #expect(rendered.hasPrefix(BindIncludeFile.header + "include \"/k.key\";\nzone \"zone0.example\""))
        #expect(BindIncludeFile.zones(inFile: path) == Self.zones)

        // NSD's stanzas span lines: read back the same way.
        try AtomicFile.write(NSDIncludeFile.contents(zones: Self.zones, zonesDirectory: "/z"), to: path)
        #expect(NSDIncludeFile.zones(inFile: path) == Self.zones)
    }

    @Test func aLineLongerThanAPieceAndALastLineWithoutNewlineAreRead() throws {
        let directory = try Scratch.directory("include-long-line")
        let path = directory.appendingPathComponent("include.conf").path
        let long = "// " + String(repeating: "c", count: 3 * IncludeLines.pieceSize)
        let one = "zone \"one.example\" { type master; file \"/z/one.example.db\"; };"
        let two = "zone \"two.example\" { type master; file \"/z/two.example.db\"; };"
        let text = [long, one, long, two].joined(separator: "\n")
        try AtomicFile.write(text, to: path)
        #expect(FileManager.default.contents(atPath: path) == Data(text.utf8))
        #expect(BindIncludeFile.zones(inFile: path) == ["one.example", "two.example"])

        var lines: [Int] = []
        #expect(IncludeLines.forEach(inFile: path) { lines.append($0.utf8.count) })
        #expect(lines == [long, one, long, two].map(\.utf8.count))
        #expect(!IncludeLines.forEach(inFile: directory.appendingPathComponent("missing").path) { _ in })
        // A directory cannot be read as a file: no zones, as for a missing file.
        #expect(BindIncludeFile.zones(inFile: directory.path).isEmpty)
    }

    @Test func aBatchMixingStringsAndBytesWritesEachAsGiven() throws {
        let directory = try Scratch.directory("atomic-mixed")
        let texts = (1...4).map { (path: directory.appendingPathComponent("zone\($0).db").path, bytes: "text \($0) é\n") }
        #expect(AtomicFile.write(batch: texts).allSatisfy { $0 == nil })
        for file in texts { #expect(FileManager.default.contents(atPath: file.path) == Data(file.bytes.utf8)) }

        let mixed: [(path: String, bytes: EitherFileContents<String, [UInt8]>)] = [
            (texts[0].path, .first("first\n")), (texts[1].path, .second(Array("second\n".utf8))), (texts[2].path, .first("")),
        ]
        #expect(AtomicFile.write(batch: mixed).allSatisfy { $0 == nil })
        #expect(FileManager.default.contents(atPath: texts[0].path) == Data("first\n".utf8))
        #expect(FileManager.default.contents(atPath: texts[1].path) == Data("second\n".utf8))
        #expect(FileManager.default.contents(atPath: texts[2].path) == Data())
    }
}
