import Testing
@testable import DNSZone

@Suite("Zone diff")
struct ZoneDiffTests {
    /// The longest common subsequence's length, by the textbook table (small inputs only).
    func lcsLength(_ a: [String], _ b: [String]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }

    @Test func editsRebuildBothSidesAndAreShortest() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let a = (0..<Int.random(in: 0...12, using: &generator)).map { _ in ["a", "b", "c", "d"].randomElement(using: &generator) ?? "a" }
            let b = (0..<Int.random(in: 0...12, using: &generator)).map { _ in ["a", "b", "c", "d"].randomElement(using: &generator) ?? "a" }
            let edits = LineDiff.edits(from: a, to: b)
            let old = edits.compactMap { edit -> String? in
                switch edit { case .same(let l), .removed(let l): l; case .added: nil }
            }
            let new = edits.compactMap { edit -> String? in
                switch edit { case .same(let l), .added(let l): l; case .removed: nil }
            }
            #expect(old == a && new == b, "\(a) -> \(b)")
            let kept = edits.filter { if case .same = $0 { true } else { false } }.count
            #expect(kept == lcsLength(a, b), "\(a) -> \(b)")
        }
    }

    @Test func unifiedHunksCarryLineNumbersAndContext() {
        let old = (1...20).map { "line \($0)" }
        var new = old
        new[1] = "changed 2"
        new.remove(at: 15)
        let text = UnifiedDiff.render(LineDiff.edits(from: old, to: new), fromLabel: "a", toLabel: "b", context: 2)
        #expect(text == """
            --- a
            +++ b
            @@ -1,4 +1,4 @@
             line 1
            -line 2
            +changed 2
             line 3
             line 4
            @@ -14,5 +14,4 @@
             line 14
             line 15
            -line 16
             line 17
             line 18

            """)
        #expect(UnifiedDiff.render(LineDiff.edits(from: old, to: old), fromLabel: "a", toLabel: "b").isEmpty)
        #expect(UnifiedDiff.render(LineDiff.edits(from: [], to: ["x"]), fromLabel: "a", toLabel: "b") == "--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n")
    }

    @Test func recordsNotTextAreCompared() throws {
        let v1 = """
            $ORIGIN example.com.
            $TTL 300
            @ IN SOA ns1 hostmaster 1 3600 600 86400 300
            @ IN NS ns1
            www IN A 192.0.2.1 ; the web
            ns1 IN A 192.0.2.53
            """
        // The same records, laid out differently, with one address changed and a record added.
        let v2 = """
            example.com. 300 IN SOA ns1.example.com. hostmaster.example.com. 2 3600 600 86400 300
            ns1.example.com.   300 IN A 192.0.2.53
            example.com. 300 IN NS ns1.example.com.
            www.example.com. 300 IN A 192.0.2.2
            mail.example.com. 300 IN A 192.0.2.25
            """
        let diff = try ZoneDiff.unified(from: v1, to: v2, origin: "example.com", fromLabel: "example.com generation 1", toLabel: "example.com generation 2")
        let changes = diff.split(separator: "\n").filter { ($0.hasPrefix("+") || $0.hasPrefix("-")) && !$0.hasPrefix("+++") && !$0.hasPrefix("---") }
        #expect(changes.count == 5, "\(diff)")
        #expect(changes.contains { $0.hasPrefix("-www.example.com.") && $0.hasSuffix("192.0.2.1") })
        #expect(changes.contains { $0.hasPrefix("+www.example.com.") && $0.hasSuffix("192.0.2.2") })
        #expect(changes.contains { $0.hasPrefix("+mail.example.com.") })
        #expect(changes.filter { $0.contains("SOA") }.count == 2)
        #expect(!diff.contains("the web") && !diff.contains("$ORIGIN"))
        #expect(try ZoneDiff.unified(from: v1, to: v1 + "\n; a comment\n", origin: "example.com", fromLabel: "a", toLabel: "b").isEmpty)
    }

    @Test func aLargeRewriteStillDiffs() {
        let old = (0..<5000).map { "old \($0)" }
        let new = (0..<5000).map { "new \($0)" }
        let edits = LineDiff.edits(from: old, to: new)
        #expect(edits.count == 10000)
        #expect(edits.filter { if case .removed = $0 { true } else { false } }.count == 5000)
    }
}
