import Testing
@testable import DNSZone

/// Large inputs are read in two halves at once; the result must be exactly that of one
/// sequential pass, whatever lies at the split.
@Suite("Reading large zones on two cores")
struct ParallelReadingTests {
    static let origin: DNSName = {
        do { return try DNSName("big.example.") } catch { fatalError("\(error)") }
    }()

    func sequential(_ text: [UInt8]) -> Result<Zone, ZoneError> {
        text.withUnsafeBufferPointer { buffer in
            var reader = MasterFileReader(bytes: buffer, origin: Self.origin)
            do throws(ZoneError) { return .success(try reader.read()) } catch { return .failure(error) }
        }
    }

    func split(_ text: [UInt8]) -> Int? {
        text.withUnsafeBufferPointer { ParallelZoneReading.splitPoint($0) }
    }

    /// A zone just above the split threshold: `body(i)` gives line i of the bulk.
    func zone(lines: Int, header: String = "$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n", body: (Int) -> String) -> [UInt8] {
        var text = Array(header.utf8)
        text.reserveCapacity(ParallelZoneReading.threshold + 1_000_000)
        for index in 0..<lines { text.append(contentsOf: body(index).utf8) }
        #expect(text.count >= ParallelZoneReading.threshold, "test zone too small to be split")
        return text
    }

    /// Whether the two halves were read at once and joined (rather than read again in one pass).
    func joins(_ text: [UInt8]) -> Bool {
        text.withUnsafeBufferPointer { buffer in
            guard let point = ParallelZoneReading.splitPoint(buffer) else { return false }
            return ParallelZoneReading.readSplit(buffer, at: point, origin: Self.origin, releaseInput: nil) != nil
        }
    }

    func assertSameAsSequential(_ text: [UInt8]) throws {
        let expected = sequential(text)
        let actual = Result { () throws(ZoneError) -> Zone in try ZoneParser.parse(text, origin: Self.origin) }
        switch (expected, actual) {
        case (.success(let want), .success(let got)):
            #expect(got == want)
            #expect(got.warnings == want.warnings)
            #expect((0..<got.recordCount).map { got.records.line(at: $0) } == (0..<want.recordCount).map { want.records.line(at: $0) })
        case (.failure(let want), .failure(let got)):
            #expect(got == want)
        default:
            Issue.record("parallel \(actual) vs sequential \(expected)")
        }
    }

    @Test func plainZoneSplitsAndJoins() throws {
        let text = zone(lines: 160_000) { "host\($0) \($0 % 7 == 0 ? "60 " : "")IN A 10.\($0 >> 16 & 255).\($0 >> 8 & 255).\($0 & 255)\n" }
        #expect(joins(text))
        try assertSameAsSequential(text)
    }

    @Test func ttlBlockContinuesAcrossTheSplit() throws {
        // One owner on every line, TTLs changing: BIND's rule (first TTL of the last run) must
        // see one run, not two halves.
        let text = zone(lines: 180_000) { "same \(300 + $0 % 5) IN A 10.\($0 >> 16 & 255).\($0 >> 8 & 255).\($0 & 255)\n" }
        #expect(joins(text))
        try assertSameAsSequential(text)
        let parsed = try ZoneParser.parse(text, origin: Self.origin)
        let same = try DNSName("same.big.example.")
        #expect(Set(parsed.records.filter { $0.owner == same }.map(\.ttl)) == [300])
    }

    @Test func originAndTTLDirectivesBeforeTheSplit() throws {
        let text = zone(lines: 220_000) { index in
            switch index % 50_000 {
            case 0: return "$ORIGIN sub\(index).big.example.\n"
            case 1: return "$TTL \(100 + index)\n"
            default: return "h\(index) IN TXT \"v\(index)\"\n"
            }
        }
        #expect(joins(text))
        try assertSameAsSequential(text)
    }

    @Test func splitInsideParenthesesFallsBackToOnePass() throws {
        // Lines inside one long parenthesised record start in column one, so the split lands
        // inside it; the halves cannot be joined and the file is read again in one pass.
        var text = Array("$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\nkey DNSKEY 257 3 13 (\n".utf8)
        while text.count < ParallelZoneReading.threshold + 4096 {
            text.append(contentsOf: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKiss\n".utf8)
        }
        text.append(contentsOf: ")\nafter A 192.0.2.9\n".utf8)
        #expect(split(text) != nil)
        #expect(!joins(text))
        try assertSameAsSequential(text)
    }

    @Test func errorsInEitherHalfReportTheirLine() throws {
        let lines = 200_000
        for bad in [lines / 4, lines * 3 / 4] {
            let text = zone(lines: lines) { $0 == bad ? "broken IN A 300.1.1.1\n" : "h\($0) IN A 192.0.2.7\n" }
            try assertSameAsSequential(text)
            #expect(throws: ZoneError.self) { try ZoneParser.parse(text, origin: Self.origin) }
        }
    }

    @Test func noTTLDirectiveReadsInOnePass() throws {
        let text = zone(lines: 200_000, header: "@ 300 SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n") {
            "h\($0) IN A 192.0.2.\($0 & 255)\n"
        }
        #expect(!joins(text))
        try assertSameAsSequential(text)
    }
}
