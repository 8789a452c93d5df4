import DadnsTestKit
import Foundation
import Testing
@testable import Backends

/// Reading the zones back from an include file (the backend's inventory): read line by line.
@Suite("Include file: reading the zones back")
struct ZoneIncludeFileReadingTests {
    @Test func everyDeclaredSafeZoneIsReadAndNothingElse() throws {
        let directory = try Scratch.directory("include-read")
        let path = directory.appendingPathComponent("include.conf").path
        try BindIncludeFile.render(zones: ["a.example", "b.example", "c.example"], zonesDirectory: "/z").write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect(BindIncludeFile.zones(inFile: path) == ["a.example", "b.example", "c.example"])

        // Blank lines, comments, an unsafe name and a last line without a newline.
        let text = """
            // Written by dadns; changes here are overwritten.


            zone "one.example" { type master; file "/z/one.example.db"; };
            options-like line
            zone "../etc/passwd" { type master; file "/z/x.db"; };
            zone "two.example" { type master; file "/z/two.example.db"; };
            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(BindIncludeFile.zones(inFile: path) == ["one.example", "two.example"])
        #expect(BindIncludeFile.zones(inFile: directory.appendingPathComponent("missing.conf").path).isEmpty)
        try "".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(BindIncludeFile.zones(inFile: path).isEmpty)
    }
}
