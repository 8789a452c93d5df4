import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// `dadns zone check` as an operator uses it: exit codes, stdout and stderr.
@Suite("dadns zone check", .offThePool)
struct ZoneCheckCLITests {
    /// The dadns binary built beside the test bundle.
    static func dadns() throws -> String { try TestBinaries.dadns() }

    func temporaryFile(named name: String, contents: String) throws -> URL {
        let directory = try Scratch.directory("cli")
        let url = directory.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func validZonePrintsCanonicalTextAndWarnings() throws {
        let file = try temporaryFile(named: "example.org.db", contents: """
            $TTL 300
            @ SOA ns1 hostmaster 7 1 2 3 4
            @ NS ns1
            ns1 A 192.0.2.1
            elsewhere.example.net. A 192.0.2.2
            """)
        let result = try ProcessRunner.run(try Self.dadns(), ["zone", "check", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        let stdout = String(decoding: result.stdout, as: UTF8.self)
        #expect(stdout == """
            example.org.\t300\tIN\tSOA\tns1.example.org. hostmaster.example.org. 7 1 2 3 4
            example.org.\t300\tIN\tNS\tns1.example.org.
            ns1.example.org.\t300\tIN\tA\t192.0.2.1

            """)
        #expect(result.stderr.contains("\(file.path):5: warning: ignoring out-of-zone data"))
    }

    @Test func invalidZoneExits65WithFileAndLine() throws {
        let file = try temporaryFile(named: "bad.db", contents: "$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.300\n")
        let result = try ProcessRunner.run(try Self.dadns(), ["zone", "check", "--origin", "example.org", file.path])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("\(file.path):4: "), "\(result.stderr)")
    }

    @Test func standardInputNeedsOrigin() throws {
        let zone = Data("$TTL 1\n@ SOA a b 1 2 3 4 5\n@ NS a\na A 192.0.2.1\n".utf8)
        let withOrigin = try ProcessRunner.run(try Self.dadns(), ["zone", "check", "--origin", "example.org.", "-"], stdin: zone)
        #expect(withOrigin.status == 0, "\(withOrigin.stderr)")
        #expect(String(decoding: withOrigin.stdout, as: UTF8.self).hasPrefix("example.org.\t1\tIN\tSOA\ta.example.org. b.example.org. 1 2 3 4 5\n"))
        let withoutOrigin = try ProcessRunner.run(try Self.dadns(), ["zone", "check", "-"], stdin: zone)
        #expect(withoutOrigin.status == 64)
    }
}
