import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits
import DadnsConfiguration

/// The docs' key tables come from the keys themselves: docs/configuration.md holds exactly what
/// `dadns check-config --docs-tables` prints, so a key, default or description changed in the
/// code and not in the docs (or the other way round) fails here.
@Suite("Configuration docs", .offThePool)
struct ConfigDocsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// What docs/configuration.md holds between the markers.
    static func documentedTables() throws -> String {
        let text = try String(contentsOf: repository.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        let begin = try #require(text.range(of: ConfigDocs.begin + "\n"), "no begin marker in docs/configuration.md")
        let end = try #require(text.range(of: ConfigDocs.end, range: begin.upperBound..<text.endIndex), "no end marker")
        return String(text[begin.upperBound..<end.lowerBound])
    }

    @Test func theDocsTablesAreTheGeneratedOnes() throws {
        let printed = try ProgramRun.run([try TestBinaries.dadns(), "check-config", "--docs-tables"])
        #expect(printed.status == 0)
        #expect(printed.text == ConfigDocs.markdown())
        let documented = try Self.documentedTables()
        #expect(documented == printed.text, """
            docs/configuration.md's key tables differ from the keys in the code: paste the output of \
            `dadns check-config --docs-tables` between its markers
            """)
    }

    /// Every key is in the tables, with its default: a table that lost a row would not pass.
    @Test func everyKeyAndDefaultIsInTheTables() throws {
        let documented = try Self.documentedTables()
        for key in ConfigSchema.keys {
            #expect(documented.contains("| `\(key.path)` | \(key.type.summary) | \(key.defaultValue.map { "`\($0)`" } ?? "—") |"), "\(key.path)")
        }
        #expect(documented.contains("### `type: coredns_mysql`\n"))
        #expect(documented.contains("| `records_table` | text | — |"))
        #expect(documented.contains("| `zones_dir` | text | `./data/nsd/zones` |"))
    }
}
