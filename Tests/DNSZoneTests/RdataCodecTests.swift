import Testing

@testable import DNSZone

/// Unit tests for the rdata text codecs in Sources/DNSZone/Rdata/Codecs.
@Suite struct RdataCodecTests {}

// MARK: - Helpers

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Hex string (spaces allowed) to bytes; test-only, traps on bad input.
private func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8.filter { $0 != UInt8(ascii: " ") })
    precondition(digits.count % 2 == 0)
    func value(_ c: UInt8) -> UInt8 {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: preconditionFailure("bad hex")
        }
    }
    return stride(from: 0, to: digits.count, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
}

private func randomBytes(_ count: Int, using rng: inout SplitMix64) -> [UInt8] {
    (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
}

/// Splits presentation text the way the zone lexer does for SvcParams: at spaces outside
/// double quotes; quotes are removed, backslash escapes are kept as written.
private func tokenize(_ text: String) -> [[UInt8]] {
    var tokens: [[UInt8]] = []
    var current: [UInt8] = []
    var inQuotes = false
    var hasToken = false
    var iterator = Array(text.utf8).makeIterator()
    while let byte = iterator.next() {
        switch byte {
        case UInt8(ascii: "\\"):
            current.append(byte)
            if let next = iterator.next() { current.append(next) }
            hasToken = true
        case UInt8(ascii: "\""):
            inQuotes.toggle()
            hasToken = true
        case UInt8(ascii: " ") where !inQuotes:
            if hasToken { tokens.append(current) }
            current = []
            hasToken = false
        default:
            current.append(byte)
            hasToken = true
        }
    }
    if hasToken { tokens.append(current) }
    return tokens
}

/// Parses SvcParams given as presentation tokens written as Swift strings.
private func svcb(_ tokens: String...) throws(RdataCodecError) -> [UInt8] {
    try SVCBParameters.parse(tokens.map(bytes))
}

/// The error reason for SvcParams that must fail, or nil if they parsed.
private func svcbFailure(_ tokens: String...) -> String? {
    do {
        _ = try SVCBParameters.parse(tokens.map(bytes))
        return nil
    } catch {
        return error.reason
    }
}

// MARK: - Base64

extension RdataCodecTests {
    @Suite struct Base64Codec {
        static let rfc4648: [(plain: String, encoded: String)] = [
            ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
        ]

        @Test func rfc4648Vectors() {
            for vector in Self.rfc4648 {
                #expect(Base64.encode(bytes(vector.plain)) == vector.encoded)
                #expect(Base64.decode(bytes(vector.encoded)) == bytes(vector.plain))
            }
        }

        @Test(arguments: [
            "Zg", "Zg=", "Zm9vY", "Z===", "====", "Zg=a", "=Zg=", "Zm9vYg==Zm9v", "Zm9v====",
            "Zm9 v", "Zm9v\n", "Zm-v", "Zm_v", "Zm9v\0", "Zh==", "Zm9=", "Zm8y=", "Zm\u{e9}v",
        ])
        func rejectsInvalid(_ text: String) {
            #expect(Base64.decode(bytes(text)) == nil)
        }

        @Test func rejectsNonCanonicalPaddingBits() {
            // "f" is Zg==; the low 4 bits of 'g' (0b100000) are zero, of 'h' (0b100001) not.
            #expect(Base64.decode(bytes("Zg==")) == bytes("f"))
            #expect(Base64.decode(bytes("Zh==")) == nil)
            // "fo" is Zm8=; the low 2 bits of '8' (60) are zero, of '9' (61) not.
            #expect(Base64.decode(bytes("Zm8=")) == bytes("fo"))
            #expect(Base64.decode(bytes("Zm9=")) == nil)
        }

        @Test func allAlphabetCharacters() {
            let text = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            guard let decoded = Base64.decode(bytes(text)) else {
                Issue.record("alphabet did not decode")
                return
            }
            #expect(decoded.count == 48)
            #expect(Base64.encode(decoded) == text)
        }

        @Test func acceptsAnyCollection() {
            #expect(Base64.decode("Zm9vYmFy".utf8) == bytes("foobar"))
            #expect(Base64.decode(bytes("yFmYv9mZ").reversed()) == bytes("foobar"))
            let padded = bytes("xxZm9vYg==yy")
            #expect(Base64.decode(padded[2..<10]) == bytes("foob"))
            #expect(Base64.encode(bytes("raboof").reversed()) == "Zm9vYmFy")
            #expect(Base64.encode(padded[2..<4]) == "Wm0=")
        }

        @Test func roundTripsRandomData() {
            var rng = SplitMix64(seed: 64)
            for length in 0...300 {
                let data = randomBytes(length, using: &rng)
                let text = Base64.encode(data)
                #expect(text.utf8.count == (length + 2) / 3 * 4)
                #expect(Base64.decode(bytes(text)) == data)
            }
            let key = randomBytes(4096, using: &rng)
            #expect(Base64.decode(bytes(Base64.encode(key))) == key)
        }
    }
}

// MARK: - Base16

extension RdataCodecTests {
    @Suite struct Base16Codec {
        static let rfc4648: [(plain: String, encoded: String)] = [
            ("", ""), ("f", "66"), ("fo", "666F"), ("foo", "666F6F"),
            ("foob", "666F6F62"), ("fooba", "666F6F6261"), ("foobar", "666F6F626172"),
        ]

        @Test func rfc4648Vectors() {
            for vector in Self.rfc4648 {
                #expect(Base16.encode(bytes(vector.plain)) == vector.encoded)
                #expect(Base16.decode(bytes(vector.encoded)) == bytes(vector.plain))
                #expect(Base16.decode(bytes(vector.encoded.lowercased())) == bytes(vector.plain))
            }
        }

        @Test func mixedCaseAndAllDigits() {
            #expect(Base16.decode(bytes("0123456789abcdefABCDEF")) == hex("0123456789ABCDEFABCDEF"))
            #expect(Base16.decode(bytes("aB")) == [0xAB])
            #expect(Base16.encode([0x00, 0x0F, 0xF0, 0xFF, 0x5A]) == "000FF0FF5A")
        }

        @Test(arguments: ["6", "666", "0g", "g0", "6 6", "-1", "0x66", "6F\n", "\u{e9}0"])
        func rejectsInvalid(_ text: String) {
            #expect(Base16.decode(bytes(text)) == nil)
        }

        @Test func emptyIsEmpty() {
            #expect(Base16.decode([UInt8]()) == [])
            #expect(Base16.encode([UInt8]()) == "")
        }

        @Test func roundTripsRandomData() {
            var rng = SplitMix64(seed: 16)
            for length in 0...200 {
                let data = randomBytes(length, using: &rng)
                let text = Base16.encode(data)
                #expect(text == text.uppercased())
                #expect(Base16.decode(bytes(text)) == data)
                #expect(Base16.decode(bytes(text.lowercased())) == data)
            }
            let slice = hex("00112233445566")[2..<5]
            #expect(Base16.encode(slice) == "223344")
        }
    }
}

// MARK: - Base32Hex

extension RdataCodecTests {
    @Suite struct Base32HexCodec {
        /// RFC 4648 §10 BASE32-HEX vectors with the padding removed.
        static let rfc4648: [(plain: String, encoded: String)] = [
            ("", ""), ("f", "CO"), ("fo", "CPNG"), ("foo", "CPNMU"),
            ("foob", "CPNMUOG"), ("fooba", "CPNMUOJ1"), ("foobar", "CPNMUOJ1E8"),
        ]

        @Test func rfc4648Vectors() {
            for vector in Self.rfc4648 {
                #expect(Base32Hex.encode(bytes(vector.plain)) == vector.encoded)
                #expect(Base32Hex.decode(bytes(vector.encoded)) == bytes(vector.plain))
                #expect(Base32Hex.decode(bytes(vector.encoded.lowercased())) == bytes(vector.plain))
            }
        }

        @Test func nsec3HashFromRFC5155() {
            // RFC 5155 Appendix A: the hash of "example" written in lower case.
            let text = "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom"
            guard let hash = Base32Hex.decode(bytes(text)) else {
                Issue.record("NSEC3 hash did not decode")
                return
            }
            #expect(hash.count == 20)
            #expect(Base32Hex.encode(hash) == text.uppercased())
        }

        @Test(arguments: [
            "C", "CPN", "CPNMUO", "CPNMUOJ1E", "CO======", "CPNMU===", "W0", "Z0", "C-", "CO ", "CP", "CPNH", "CPNMV",
            "CPNMUOH",
        ])
        func rejectsInvalid(_ text: String) {
            #expect(Base32Hex.decode(bytes(text)) == nil)
        }

        @Test func emptyIsEmpty() {
            #expect(Base32Hex.decode([UInt8]()) == [])
            #expect(Base32Hex.encode([UInt8]()) == "")
        }

        @Test func roundTripsRandomData() {
            var rng = SplitMix64(seed: 32)
            for length in 0...120 {
                let data = randomBytes(length, using: &rng)
                let text = Base32Hex.encode(data)
                #expect(text.utf8.count == (length * 8 + 4) / 5)
                #expect(Base32Hex.decode(bytes(text)) == data)
                #expect(Base32Hex.decode(bytes(text.lowercased())) == data)
            }
        }
    }
}

// MARK: - DNSSECTime

extension RdataCodecTests {
    @Suite struct DNSSECTimeCodec {
        @Test(arguments: [
            ("0", 0), ("1", 1), ("0000000001", 1), ("4294967295", 4_294_967_295), ("1048354263", 1_048_354_263),
            ("19700101000000", 0), ("20030322173103", 1_048_354_263), ("20030220173103", 1_045_762_263),
            ("20240101000000", 1_704_067_200), ("20240229120000", 1_709_208_000), ("20000229000000", 951_782_400),
            ("21060207062815", 4_294_967_295), ("21060207062816", 0), ("21061231235959", 28_315_903),
            ("20161231235960", 1_483_228_800),
            // Outside 1970...2106 the value wraps modulo 2^32, as in BIND.
            ("19691231235959", 4_294_967_295), ("19600101000000", 3_979_348_096), ("21070101000000", 28_315_904),
            ("22000101000000", 2_963_151_104), ("00010101000000", 2_288_912_640), ("00000101000000", 2_257_290_240),
            ("00000301000000", 2_262_474_240), ("99991231235959", 4_294_197_631),
        ] as [(String, UInt32)])
        func parsesValidTimes(_ text: String, _ expected: UInt32) {
            #expect(DNSSECTime.parse(bytes(text)) == expected)
        }

        @Test(arguments: [
            "", "-1", "+1", " 1", "1 ", "4294967296", "9999999999", "12345678901", "1234567890123",
            "202401010000000", "20241301000000", "01000229000000",
            "20240001000000", "20240100000000", "20240132000000", "20230229000000", "21000229000000",
            "20240431000000", "20240101240000", "20240101006000", "20240101000061", "2024010100000a",
            "2024-01-01T00:00", "0x10",
        ])
        func rejectsInvalid(_ text: String) {
            #expect(DNSSECTime.parse(bytes(text)) == nil)
        }

        @Test(arguments: [
            (0, "19700101000000"), (4_294_967_295, "21060207062815"), (1_704_067_200, "20240101000000"),
            (1_048_354_263, "20030322173103"), (951_782_400, "20000229000000"), (951_868_799, "20000229235959"),
            (2_147_483_647, "20380119031407"), (2_147_483_648, "20380119031408"),
        ] as [(UInt32, String)])
        func formatsAsBIND(_ value: UInt32, _ expected: String) {
            #expect(DNSSECTime.format(value) == expected)
        }

        @Test func wrappedDatesMatchTheirInRangeTwin() {
            // BIND prints year 0001-01-01 as 2042-07-14T01:04:00 and 2200-01-01 as 2063-11-24T17:31:44.
            #expect(DNSSECTime.parse(bytes("00010101000000")) == DNSSECTime.parse(bytes("20420714010400")))
            #expect(DNSSECTime.parse(bytes("22000101000000")) == DNSSECTime.parse(bytes("20631124173144")))
            #expect(DNSSECTime.format(2_963_151_104) == "20631124173144")
        }

        @Test func roundTrips() {
            var rng = SplitMix64(seed: 4034)
            var values: [UInt32] = [0, 1, 59, 60, 86_399, 86_400, UInt32.max, UInt32.max - 1, 1 << 31]
            for _ in 0..<2000 { values.append(UInt32.random(in: 0...UInt32.max, using: &rng)) }
            for value in values {
                let text = DNSSECTime.format(value)
                #expect(text.utf8.count == 14)
                #expect(DNSSECTime.parse(bytes(text)) == value)
            }
        }
    }
}

// MARK: - IPAddressText

extension RdataCodecTests {
    @Suite struct IPAddressTextCodec {
        @Test(arguments: [
            ("0.0.0.0", [0, 0, 0, 0]), ("255.255.255.255", [255, 255, 255, 255]), ("192.0.2.1", [192, 0, 2, 1]),
            ("10.0.0.1", [10, 0, 0, 1]), ("100.200.0.9", [100, 200, 0, 9]),
        ] as [(String, [UInt8])])
        func parsesIPv4(_ text: String, _ expected: [UInt8]) {
            #expect(IPAddressText.parseIPv4(bytes(text)) == expected)
        }

        @Test(arguments: [
            "", "1", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.256", "1..2.3", ".1.2.3", "1.2.3.", "+1.2.3.4",
            "1.2.3.-4", "1.2.3.4 ", " 1.2.3.4", "0x7f.0.0.1", "0001.2.3.4", "a.b.c.d", "1.2.3.4/24", "::1",
            "999.1.1.1", "01.2.3.4", "1.2.3.04", "010.001.000.001", "00.0.0.0",
        ])
        func rejectsBadIPv4(_ text: String) {
            #expect(IPAddressText.parseIPv4(bytes(text)) == nil)
        }

        @Test func leadingZerosOnRequest() {
            #expect(IPAddressText.parseIPv4(bytes("010.001.000.001"), allowingLeadingZeros: true) == [10, 1, 0, 1])
            #expect(IPAddressText.parseIPv4(bytes("1.2.3.004"), allowingLeadingZeros: true) == [1, 2, 3, 4])
            #expect(IPAddressText.parseIPv4(bytes("00.0.0.0"), allowingLeadingZeros: true) == [0, 0, 0, 0])
            #expect(IPAddressText.parseIPv4(bytes("0001.2.3.4"), allowingLeadingZeros: true) == nil)
            #expect(IPAddressText.parseIPv4(bytes("256.2.3.4"), allowingLeadingZeros: true) == nil)
            var output: [UInt8] = []
            #expect(IPAddressText.parseIPv4(bytes("01.2.3.4"), allowingLeadingZeros: true, appendingTo: &output))
            #expect(!IPAddressText.parseIPv4(bytes("01.2.3.4"), appendingTo: &output))
            #expect(output == [1, 2, 3, 4])
        }

        @Test func appendsIPv4InPlace() {
            var output: [UInt8] = [9]
            #expect(IPAddressText.parseIPv4(bytes("192.0.2.1"), appendingTo: &output))
            #expect(!IPAddressText.parseIPv4(bytes("192.0.2"), appendingTo: &output))
            #expect(output == [9, 192, 0, 2, 1])
        }

        @Test func formatsIPv4() {
            #expect(IPAddressText.formatIPv4([192, 0, 2, 1]) == "192.0.2.1")
            #expect(IPAddressText.formatIPv4([0, 10, 100, 255]) == "0.10.100.255")
            #expect(IPAddressText.formatIPv4(hex("00 7F 00 00 01 00")[1..<5]) == "127.0.0.1")
            var output: [UInt8] = []
            #expect(!IPAddressText.appendIPv4([1, 2, 3], to: &output))
            #expect(!IPAddressText.appendIPv6([UInt8](repeating: 0, count: 15), to: &output))
            #expect(output.isEmpty)
        }

        @Test(arguments: [
            ("::", "00000000000000000000000000000000"),
            ("::1", "00000000000000000000000000000001"),
            ("1::", "00010000000000000000000000000000"),
            ("2001:db8::1", "20010db8000000000000000000000001"),
            ("2001:DB8::53:1", "20010db8000000000000000000530001"),
            ("2001:0db8:0000:0000:0000:0000:0000:0001", "20010db8000000000000000000000001"),
            ("2001:db8:122:344::192.0.2.33", "20010db8012203440000 0000c0000221"),
            ("::ffff:192.0.2.1", "00000000000000000000ffffc0000201"),
            ("::192.0.2.1", "000000000000000000000000c0000201"),
            ("64:ff9b::192.0.2.33", "0064ff9b0000000000000000c0000221"),
            ("1:2:3:4:5:6:7:8", "00010002000300040005000600070008"),
            ("1:2:3:4:5:6:7::", "00010002000300040005000600070000"),
            ("::2:3:4:5:6:7:8", "00000002000300040005000600070008"),
            ("1:2:3:4:5:6:1.2.3.4", "00010002000300040005000601020304"),
            ("1::5:6:1.2.3.4", "00010000000000000005000601020304"),
            ("0:0:0:0:0:0:0:0", "00000000000000000000000000000000"),
            ("fe80::", "fe800000000000000000000000000000"),
            ("FFFF:ffff:FfFf:ffff:ffff:ffff:ffff:ffff", "ffffffffffffffffffffffffffffffff"),
            ("::0.0.0.0", "00000000000000000000000000000000"),
            ("1:0::2", "00010000000000000000000000000002"),
        ] as [(String, String)])
        func parsesIPv6(_ text: String, _ expected: String) {
            #expect(IPAddressText.parseIPv6(bytes(text)) == hex(expected))
        }

        @Test(arguments: [
            "", ":", ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::",
            "::1:2:3:4:5:6:7:8", "1::2:3:4:5:6:7:8", ":1::", ":1:2:3:4:5:6:7:8", "1:", "1:2:3:4:5:6:7:8:",
            "12345::", "::g", "::1.2.3", "::1.2.3.4.5", "::01.2.3.4", "::256.1.1.1", "1:2:3:4:5:6:7:1.2.3.4",
            "1.2.3.4", "::1.2.3.4:5", "fe80::1%eth0", "[::1]", " ::1", "::1 ", "::-1", "::1.2.3.4.",
            "1:2:3:4:5:6:7:8:1.2.3.4", "::ffff:1.2.3.4::",
        ])
        func rejectsBadIPv6(_ text: String) {
            #expect(IPAddressText.parseIPv6(bytes(text)) == nil)
        }

        @Test(arguments: [
            ("20010db8000000000000000000000001", "2001:db8::1"),
            ("20010db8000000000001000000000001", "2001:db8::1:0:0:1"),
            ("20010db8000000010001000100010001", "2001:db8:0:1:1:1:1:1"),
            ("20010db8000000000000000000000000", "2001:db8::"),
            ("00000000000000000000000000000000", "::"),
            ("00000000000000000000000000000001", "::1"),
            ("00000000000000000000000000000002", "::2"),
            ("00000000000000000000ffffc0000201", "::ffff:192.0.2.1"),
            ("00000000000000000000ffff00000000", "::ffff:0.0.0.0"),
            ("000000000000000000000000c0000201", "::192.0.2.1"),
            ("20010db8012203440000 0000c0000221", "2001:db8:122:344::c000:221"),
            ("00010000000000020000000000000003", "1:0:0:2::3"),
            ("00000000000100000000000000000000", "0:0:1::"),
            ("ABCD0000ef01000000000000000000ff", "abcd:0:ef01::ff"),
            ("00010002000300040005000600070008", "1:2:3:4:5:6:7:8"),
            ("00010002000300040005000600070000", "1:2:3:4:5:6:7:0"),
            ("00000002000300040005000600070008", "0:2:3:4:5:6:7:8"),
            ("fe800000000000000000000000000001", "fe80::1"),
            ("0064ff9b0000000000000000c0000221", "64:ff9b::c000:221"),
        ] as [(String, String)])
        func formatsIPv6Canonically(_ address: String, _ expected: String) {
            #expect(IPAddressText.formatIPv6(hex(address)) == expected)
        }

        @Test func ipv6RoundTripsRandomAddresses() {
            var rng = SplitMix64(seed: 5952)
            for _ in 0..<3000 {
                var address = randomBytes(16, using: &rng)
                // Plant zero runs of random position and length so '::' gets exercised.
                let start = Int.random(in: 0..<8, using: &rng)
                let length = Int.random(in: 0...(8 - start), using: &rng)
                for word in start..<(start + length) {
                    address[2 * word] = 0
                    address[2 * word + 1] = 0
                }
                if Bool.random(using: &rng) {
                    for index in 0..<10 { address[index] = 0 }
                    if Bool.random(using: &rng) { address[10] = 0xFF; address[11] = 0xFF }
                }
                let text = IPAddressText.formatIPv6(address)
                #expect(IPAddressText.parseIPv6(bytes(text)) == address, "\(text)")
            }
        }

        @Test func ipv4RoundTrips() {
            var rng = SplitMix64(seed: 791)
            for _ in 0..<1000 {
                let address = randomBytes(4, using: &rng)
                #expect(IPAddressText.parseIPv4(bytes(IPAddressText.formatIPv4(address))) == address)
            }
        }
    }
}

// MARK: - SVCB

extension RdataCodecTests {
    @Suite struct SVCBParametersCodec {
        // RFC 9460 Appendix D.1/D.2: the SvcParams part of each vector's wire form, and the
        // presentation form this codec (like BIND) prints for it.

        @Test func noParameters() throws {
            #expect(try SVCBParameters.parse([]) == [])
            #expect(SVCBParameters.format([UInt8]()) == "")
            #expect(SVCBParameters.validate([UInt8]()))
        }

        @Test func figure3Port() throws {
            let wire = try svcb("port=53")
            #expect(wire == hex("0003 0002 0035"))
            #expect(SVCBParameters.format(wire) == "port=53")
        }

        @Test func figure4UnregisteredKey() throws {
            let wire = try svcb("key667=hello")
            #expect(wire == hex("029b 0005 68656c6c6f"))
            #expect(SVCBParameters.format(wire) == #"key667="hello""#)
        }

        @Test func figure5DecimalEscape() throws {
            // key667="hello\210qoo" with the quotes removed by the lexer.
            let wire = try svcb(#"key667=hello\210qoo"#)
            #expect(wire == hex("029b 0009 68656c6c6fd2716f6f"))
            #expect(SVCBParameters.format(wire) == #"key667="hello\210qoo""#)
        }

        @Test func figure6TwoIPv6Hints() throws {
            let wire = try svcb("ipv6hint=2001:db8::1,2001:db8::53:1")
            #expect(wire == hex("0006 0020 20010db8000000000000000000000001 20010db8000000000000000000530001"))
            #expect(SVCBParameters.format(wire) == "ipv6hint=2001:db8::1,2001:db8::53:1")
        }

        @Test func figure7EmbeddedIPv4Hint() throws {
            let wire = try svcb("ipv6hint=2001:db8:122:344::192.0.2.33")
            #expect(wire == hex("0006 0010 20010db801220344 00000000c0000221"))
            #expect(SVCBParameters.format(wire) == "ipv6hint=2001:db8:122:344::c000:221")
        }

        @Test func figure8SortedOnTheWire() throws {
            let wire = try svcb("alpn=h2,h3-19", "mandatory=ipv4hint,alpn", "ipv4hint=192.0.2.1")
            #expect(wire == hex("0000 0004 0001 0004  0001 0009 02 6832 05 68332d3139  0004 0004 c0000201"))
            #expect(SVCBParameters.format(wire) == #"mandatory=alpn,ipv4hint alpn="h2,h3-19" ipv4hint=192.0.2.1"#)
        }

        @Test func figure9EscapedALPN() throws {
            let expected = hex("0001 000c 08 665c6f6f2c626172 02 6832")
            // alpn="f\\\\oo\\,bar,h2" with the quotes removed, and the unquoted spelling.
            #expect(try svcb(#"alpn=f\\\\oo\\,bar,h2"#) == expected)
            #expect(try svcb(#"alpn=f\\\092oo\092,bar,h2"#) == expected)
            #expect(SVCBParameters.format(expected) == #"alpn="f\\\\oo\\,bar,h2""#)
        }

        @Test func appendixA1ValueListDecoding() throws {
            // "part1,part2,part3\\,part4\\\\" and part1\,\p\a\r\t2\044part3\092,part4\092\\
            // both decode to the items part1, part2, "part3,part4\".
            let expectedIDs: [[UInt8]] = [bytes("part1"), bytes("part2"), bytes(#"part3,part4\"#)]
            var expected = hex("0001")
            let body = expectedIDs.flatMap { [UInt8($0.count)] + $0 }
            expected += [UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
            #expect(try svcb(#"alpn=part1,part2,part3\\,part4\\\\"#) == expected)
            #expect(try svcb(#"alpn=part1\,\p\a\r\t2\044part3\092,part4\092\\"#) == expected)
        }

        // RFC 9460 Appendix D.3 failure cases.
        @Test func appendixD3FailureCases() {
            let cases: [(tokens: [String], mentions: String)] = [
                (["key123=abc", "key123=def"], "key123"),
                (["mandatory"], "mandatory"),
                (["alpn"], "alpn"),
                (["port"], "port"),
                (["ipv4hint"], "ipv4hint"),
                (["ipv6hint"], "ipv6hint"),
                (["no-default-alpn=abc"], "no-default-alpn"),
                (["mandatory=key123"], "key123"),
                (["mandatory=mandatory"], "mandatory"),
                (["mandatory=key123,key123", "key123=abc"], "key123"),
            ]
            for testCase in cases {
                do {
                    let wire = try SVCBParameters.parse(testCase.tokens.map(bytes))
                    Issue.record("\(testCase.tokens) parsed to \(wire)")
                } catch {
                    #expect(error.reason.contains(testCase.mentions), "\(testCase.tokens): \(error.reason)")
                }
            }
        }

        @Test(arguments: [
            // unknown, malformed or out-of-range keys
            ["foo=bar"], ["ALPN=h2"], [#"Key1=\002h2"#], ["KEY1"], ["key"], ["key=2222"], ["=abc"], [""], ["0=2222"],
            ["key07=x"], ["key00"], ["key65536=x"], ["key99999999999999999999=x"],
            ["key-1=x"], ["key+1=x"], ["key1a=x"], [#"al\pn=h2"#], ["alpnx=h2"], ["alp=h2"],
            // duplicates, also across the name and keyNNNNN spellings
            ["port=1", "port=2"], ["alpn=h2", #"key1=\002h3"#], ["key8", "key8="],
            // port
            ["port="], ["port=65536"], ["port=abc"], ["port=-1"], ["port=+53"], ["port=5 3"], ["port=1234,5678"],
            ["port=99999999999999999999999"],
            // hints
            ["ipv4hint="], ["ipv4hint=1.2.3"], ["ipv4hint=1.2.3.4,"], ["ipv4hint=,1.2.3.4"], ["ipv4hint=1.2.3.4,,1.2.3.5"],
            ["ipv4hint=::1"], ["ipv6hint="], ["ipv6hint=::g"], ["ipv6hint=1.2.3.4"], ["ipv6hint=::1,"],
            ["ipv6hint=fe80::1%eth0"], ["ipv4hint=010.1.1.1"], ["ipv4hint=1.2.3.4, 1.2.3.5"], ["ipv6hint=::01.2.3.4"],
            // ech
            ["ech=abcdefghijklm"], ["ech=b25l,Li4u"], ["ech=Zh=="],
            // alpn
            ["alpn="], ["alpn=,h1"], ["alpn=h1,"], ["alpn=h1,,h2"], [#"alpn=h2\"#], [#"alpn=a\\"#], [#"alpn=a\256"#],
            [#"alpn=a\\\\\\"#], [#"alpn=\044h2"#],
            ["alpn=" + String(repeating: "x", count: 256)],
            // mandatory
            ["mandatory="], ["mandatory=alpn,alpn", "alpn=h2"], ["mandatory=key0"], ["mandatory=bogus"],
            ["mandatory=,port", "port=443"], ["mandatory=port,", "port=443"], ["mandatory=port"],
            ["mandatory=key65535"], ["mandatory=alpn", "key1"], ["mandatory=alpn,ALPN", "alpn=h2"],
            ["mandatory=KEY1", "alpn=h2"], ["mandatory=key01", "alpn=h2"],
            // empty-valued keys
            ["no-default-alpn"], ["no-default-alpn=x", "alpn=h2"], ["ohttp=x"], ["key2=x", "alpn=h2"],
            // dohpath
            ["dohpath"], ["dohpath=no-slash{?dns}"], ["dohpath=/{?notdns}"], ["dohpath=/notvariable"],
            [#"dohpath=/\255{?dns}"#], [#"dohpath=/\192\128{?dns}"#],
            // keyNNNNN spelling of a known key with an invalid value
            ["key3"], [#"key3=\000"#], ["key4=abc"], ["key6=abc"], ["key1="], [#"key1=\003h2"#], [#"key3=\000\053\000"#],
            [#"key0=\000\001"#], [#"key0=\000\003\000\001"#, #"key1=\002h2"#, "key3=ab"],
            // bad escapes, and escapes where BIND reads the value as written
            [#"key667=\256"#], [#"key667=abc\"#], [#"key667=\12"#], [#"key667=\1a3"#], [#"key9=\1"#],
            [#"port=\053\051"#], [#"ipv4hint=1.2.3.\052"#], [#"ipv6hint=\:\:1"#], [#"ech=AEn\+DQ=="#],
            [#"mandatory=al\pn"#, "alpn=h2"],
        ] as [[String]])
        func rejectsInvalid(_ tokens: [String]) {
            #expect(throws: RdataCodecError.self) { try SVCBParameters.parse(tokens.map(bytes)) }
        }

        @Test func errorReasonsNameTheKey() {
            #expect(svcbFailure("foo=bar")?.contains("\"foo\"") == true)
            #expect(svcbFailure("port=abc")?.contains("port") == true)
            #expect(svcbFailure("ipv4hint=1.2.3")?.contains("1.2.3") == true)
            #expect(svcbFailure("ipv6hint=::g")?.contains("ipv6hint") == true)
            #expect(svcbFailure("ech=@@@@")?.contains("ech") == true)
            #expect(svcbFailure("alpn=h1,,h2")?.contains("alpn") == true)
            #expect(svcbFailure("key70000=x")?.contains("key70000") == true)
            #expect(svcbFailure("no-default-alpn")?.contains("no-default-alpn") == true)
            #expect(svcbFailure("mandatory=port")?.contains("port") == true)
            #expect(svcbFailure("port=1", "port=2") == "SvcParamKey port appears more than once")
            #expect(svcbFailure("dohpath=/x")?.contains("dohpath") == true)
        }

        @Test func bindCompatibleExamples() throws {
            // From BIND's https_svcb rdata tests (with key18/key19 for BIND's unregistered key8/key9).
            let commaInID = try svcb(#"alpn=h1\\,h2,h3"#)
            #expect(commaInID == hex("0001 0009 05 68312c6832 02 6833"))
            #expect(SVCBParameters.format(commaInID) == #"alpn="h1\\,h2,h3""#)
            let noDefault = try svcb("no-default-alpn", "alpn=h2")
            #expect(SVCBParameters.format(noDefault) == #"alpn="h2" no-default-alpn"#)
            #expect(SVCBParameters.format(try svcb("key18=2222")) == #"key18="2222""#)
            #expect(SVCBParameters.format(try svcb("key10")) == "key10")
            #expect(SVCBParameters.format(try svcb("key11=")) == "key11")
            #expect(SVCBParameters.format(try svcb("ipv4hint=10.50.0.1,10.50.0.2")) == "ipv4hint=10.50.0.1,10.50.0.2")
            #expect(SVCBParameters.format(try svcb("ipv6hint=::1,2002::1")) == "ipv6hint=::1,2002::1")
            #expect(SVCBParameters.format(try svcb("ech=abcdefghijkl")) == "ech=abcdefghijkl")
            #expect(
                SVCBParameters.format(try svcb("mandatory=key19,key18", "key18", "key19"))
                    == "mandatory=key18,key19 key18 key19")
            #expect(
                SVCBParameters.format(try svcb("mandatory=port,alpn", "alpn=h2", "port=443"))
                    == #"mandatory=alpn,port alpn="h2" port=443"#)
            #expect(SVCBParameters.format(try svcb("key18=2222", "alpn=h2")) == #"alpn="h2" key18="2222""#)
            // key8 is ohttp (RFC 9540), which takes no value (BIND 9.18 treats key8 as unknown).
            #expect(try svcb("ohttp") == hex("0008 0000"))
            #expect(SVCBParameters.format(try svcb("ohttp")) == "key8")
            #expect(svcbFailure("key8=2222") != nil)
            #expect(SVCBParameters.format(try svcb("port=0")) == "port=0")
            #expect(SVCBParameters.format(try svcb("port=065535")) == "port=65535")
        }

        @Test func genericSpellingOfKnownKeys() throws {
            #expect(try svcb(#"key3=\000\053"#) == svcb("port=53"))
            #expect(try svcb(#"key1=\002h2"#) == svcb("alpn=h2"))
            #expect(try svcb("mandatory=key1", "alpn=h2") == hex("0000 0002 0001  0001 0003 026832"))
            #expect(try svcb(#"key0=\000\001"#, "alpn=h2") == svcb("mandatory=alpn", "alpn=h2"))
            #expect(try svcb("key2", "key1=\\002h2") == svcb("no-default-alpn", "alpn=h2"))
            #expect(try svcb("key0=\\000\\003", "key3=\\001\\187") == svcb("mandatory=port", "port=443"))
            #expect(SVCBParameters.format(try svcb(#"key3=\000\053"#)) == "port=53")
        }

        @Test func allRegisteredKeys() throws {
            let wire = try svcb(
                "ohttp", "dohpath=/dns-query{?dns}", "ipv6hint=2001:db8::1", "ech=AEn+DQ==", "ipv4hint=192.0.2.1",
                "port=8443", "no-default-alpn=", "alpn=h3", "mandatory=port,ohttp", "key65534=x")
            let text = SVCBParameters.format(wire)
            #expect(
                text == #"mandatory=port,key8 alpn="h3" no-default-alpn port=8443 ipv4hint=192.0.2.1 ech=AEn+DQ== ipv6hint=2001:db8::1 key7="/dns-query{?dns}" key8 key65534="x""#
            )
            #expect(try SVCBParameters.parse(tokenize(text ?? "")) == wire)
        }

        @Test func httpsVectorWithMaximalPort() throws {
            // HTTPS 65535 . port="65535" no-default-alpn="" alpn=h3
            let wire = try svcb("port=65535", "no-default-alpn=", "alpn=h3")
            #expect(wire == hex("0001 0003 026833  0002 0000  0003 0002 ffff"))
        }

        @Test func alpnIDLengths() throws {
            let longest = String(repeating: "a", count: 255)
            let wire = try svcb("alpn=\(longest),h2")
            #expect(wire.count == 4 + 1 + 255 + 1 + 2)
            #expect(try SVCBParameters.parse(tokenize(SVCBParameters.format(wire) ?? "")) == wire)
        }

        @Test func toleratesQuotesLeftInPlace() throws {
            #expect(try svcb(#"alpn="h2,h3""#) == svcb("alpn=h2,h3"))
            #expect(try svcb(#"key667="hello\210qoo""#) == svcb(#"key667=hello\210qoo"#))
            #expect(try svcb(#"key667="""#) == svcb("key667"))
        }

        @Test func dohpathUTF8() throws {
            let wire = try svcb(#"dohpath=/q\195\169{?dns}"#)
            #expect(wire == [0x00, 0x07, 0x00, 0x0A] + bytes("/q\u{e9}{?dns}"))
            #expect(SVCBParameters.format(wire) == #"key7="/q\195\169{?dns}""#)
            #expect(try svcb(#"DOHPATH="/{?dns}""#) == svcb("dohpath=/{?dns}"))
            #expect(try svcb(#"key7=/{?dns}"#) == svcb("dohpath=/{?dns}"))
            #expect(try svcb("dohpath=/dns-query{?dns}") == [0x00, 0x07, 0x00, 0x10] + bytes("/dns-query{?dns}"))
        }

        @Test(arguments: [
            ("/dns-query{?dns}", true), ("/{dns}", true), ("/{+dns}", true), ("/{?x}{dns}", true),
            ("/{?dns*}", true), ("/{?dns:1000}", true), ("/{?x_y,dns}", true), ("/{?%41,dns}", true),
            ("/p%4a{?dns}", true), ("/{?dns}}", true), ("/p {?dns}", true), (#"/p\"{?dns}"#, true),
            (#"/\237\160\128{?dns}"#, true), ("/{?x:9,y,dns}", true), ("/{?x:5,,dns}", true),
            ("/{?dns:0}", false), ("/{?dns:10000}", false), ("/{?a.b,dns}", false), ("/{?x-y,dns}", false),
            ("/{=dns}", false), ("/{?}", false), ("/{?dns,}", false), ("/{?DNS}", false), ("/{?dns", false),
            ("/p%4{?dns}", false), ("/{?dns}%", false), ("{?dns}", false), ("/{?dns**}", false),
            ("/{?dns*:5}", false), (#"/\192\128{?dns}"#, false), (#"/\244\144\128\128{?dns}"#, false),
            // BIND does not count a name right after a ":N" prefix as the dns variable.
            ("/{?x:5,dns}", false), ("/{?dn%41s}", false),
        ] as [(String, Bool)])
        func dohpathTemplates(_ template: String, _ valid: Bool) {
            let result = try? SVCBParameters.parse([bytes("key7=" + template)])
            #expect((result != nil) == valid)
        }

        @Test func quotingOfGenericValues() throws {
            let wire = try svcb(#"key65000=a b\"c\\d\255;()"#)
            #expect(wire == hex("fde8 000b") + bytes(#"a b"c\d"#) + [0xFF] + bytes(";()"))
            let text = SVCBParameters.format(wire)
            #expect(text == #"key65000="a b\"c\\d\255;()""#)
            #expect(try SVCBParameters.parse(tokenize(text ?? "")) == wire)
            #expect(SVCBParameters.format(try svcb("key9=")) == "key9")
        }

        @Test func alpnEscapesAsInBIND() throws {
            // A comma escaped once (\, or \044) still separates ids; one escaped twice
            // (\\, or \092,) is part of the id; a backslash before any other byte just makes
            // that byte literal.
            let twoIDs = hex("0001 0004 0161 0162")
            #expect(try svcb(#"alpn=a\,b"#) == twoIDs)
            #expect(try svcb(#"alpn=a\044b"#) == twoIDs)
            let oneID = hex("0001 0004 03 612c62")
            #expect(try svcb(#"alpn=a\092,b"#) == oneID)
            #expect(try svcb(#"alpn=a\\\044b"#) == oneID)
            #expect(try svcb(#"alpn=a\\,b"#) == oneID)
            #expect(try svcb(#"alpn=a\\b"#) == hex("0001 0003 02 6162"))
            #expect(try svcb(#"alpn=a\\\\b"#) == hex("0001 0004 03 615c62"))
            #expect(try svcb(#"alpn=a\"b"#) == hex("0001 0004 03 612262"))
            #expect(SVCBParameters.format(hex("0001 0004 03 612262")) == #"alpn="a\"b""#)
            #expect(SVCBParameters.format(hex("0001 0003 02 2061")) == #"alpn="\032a""#)
            #expect(SVCBParameters.format(hex("0001 0002 01 09")) == #"alpn="\009""#)
        }

        @Test func caseOfKeyNames() throws {
            // A registered name in upper or mixed case is read like keyNNNNN (BIND 9.18).
            #expect(try svcb(#"ALPN=\002h2"#) == svcb("alpn=h2"))
            #expect(try svcb("NO-DEFAULT-ALPN", "alpn=h2") == svcb("no-default-alpn", "alpn=h2"))
            #expect(try svcb("Port=53") == hex("0003 0002 3533"))  // the two bytes "53"
            #expect(try svcb("mandatory=ALPN", "alpn=h2") == svcb("mandatory=alpn", "alpn=h2"))
            #expect(
                try svcb("mandatory=Alpn,PORT", "alpn=h2", "port=1") == svcb("mandatory=alpn,port", "alpn=h2", "port=1"))
            #expect(svcbFailure(#"key1=\002h2"#, #"ALPN=\002h3"#) == "SvcParamKey alpn appears more than once")
        }

        @Test func echAsInBIND() throws {
            #expect(try svcb("ech") == hex("0005 0000"))
            #expect(try svcb("ech=") == hex("0005 0000"))
            #expect(try svcb("key5") == hex("0005 0000"))
            #expect(SVCBParameters.format(hex("0005 0000")) == "ech")
            // Blanks inside a quoted ech value are skipped, as by BIND's base64 decoder.
            #expect(try svcb("ech=AEn+ DQ==") == svcb("ech=AEn+DQ=="))
            #expect(try svcb("ech=  ") == hex("0005 0000"))
        }

        @Test func key65535IsAnOrdinaryKey() throws {
            let wire = try svcb("key65535=abc", "mandatory=key65535")
            #expect(wire == hex("0000 0002 ffff  ffff 0003 616263"))
            #expect(SVCBParameters.format(wire) == #"mandatory=key65535 key65535="abc""#)
            #expect(try svcb("key65535") == hex("ffff 0000"))
        }

        @Test func hintsFollowInetPton() throws {
            let wire = try svcb("ipv6hint=::ffff:1.2.3.4,::1.2.3.4,::2")
            #expect(
                wire
                    == hex(
                        "0006 0030 00000000000000000000ffff01020304 00000000000000000000000001020304"
                            + " 00000000000000000000000000000002"))
            #expect(SVCBParameters.format(wire) == "ipv6hint=::ffff:1.2.3.4,::1.2.3.4,::2")
            #expect(svcbFailure("ipv4hint=01.2.3.4")?.contains("01.2.3.4") == true)
        }

        @Test(arguments: [
            ("", true),
            ("0003 0002 0035", true),
            ("00", false),  // truncated key
            ("0003 00", false),  // truncated length
            ("0003 0002 00", false),  // value longer than the data
            ("0003 0000", false),  // port too short
            ("0003 0001 00", false),
            ("0003 0003 000000", false),  // port too long
            ("0080 0000 0080 0000", false),  // duplicate keys
            ("0081 0000 0080 0000", false),  // out of order
            ("0000 0000", false),  // empty mandatory list
            ("0000 0001 00", false),  // odd mandatory list
            ("0000 0002 0000", false),  // mandatory lists itself
            ("0000 0004 0080 0071 0071 0000 0080 0000", false),  // unsorted mandatory list
            ("0000 0004 0080 0080 0080 0000", false),  // duplicate in mandatory list
            ("0000 0002 0080", false),  // mandatory key missing
            ("0000 0002 0080 0080 0000", true),
            ("0000 0004 0001 0080 0001 0003 026832 0080 0000", true),
            ("0001 0009 05 68312c6832 02 6833", true),
            ("0001 0009 05 68315c6832 02 6833", true),
            ("0001 0000", false),  // empty alpn
            ("0001 0005 00 00 00 00 00", false),  // empty ALPN ids
            ("0001 0003 03 6832", false),  // truncated ALPN id
            ("0002 0000", false),  // no-default-alpn without alpn
            ("0001 0003 026832 0002 0001 00", false),  // no-default-alpn with a value
            ("0001 0003 026832 0002 0000", true),
            ("0004 0000", false), ("0004 0005 0102030405", false), ("0004 0008 0102030405060708", true),
            ("0006 0000", false), ("0006 000f 000000000000000000000000000000", false),
            ("0006 0010 00000000000000000000000000000001", true),
            ("0005 0000", true), ("0005 0001 00", true),
            ("0007 0007 2f7b3f646e737d", true),  // "/{?dns}"
            ("0007 0006 2f7b3f646e73", false), ("0007 0007 787b3f646e737d", false),
            ("0008 0000", true), ("0008 0001 00", false),
            ("ffff 0000", true),  // key65535 is accepted like any unregistered key
            ("fffe 0000", true), ("0009 0003 616263", true),
        ] as [(String, Bool)])
        func validatesWire(_ wire: String, _ valid: Bool) {
            let data = hex(wire)
            #expect(SVCBParameters.validate(data) == valid)
            #expect((SVCBParameters.format(data) != nil) == valid)
            if valid, let text = SVCBParameters.format(data) {
                #expect((try? SVCBParameters.parse(tokenize(text))) == data, "\(text)")
            }
        }

        @Test func acceptsSlicesForWire() {
            let rdata = hex("0001 00 0003 0002 0035")
            #expect(SVCBParameters.format(rdata[3...]) == "port=53")
            #expect(SVCBParameters.validate(rdata[3...]))
            #expect(!SVCBParameters.validate(rdata[2...]))
        }

        /// Random valid parameter sets: format, split like the lexer, parse, compare.
        @Test func roundTripsRandomParameters() throws {
            var rng = SplitMix64(seed: 9460)
            let interesting: [UInt8] = Array(#", \"\;()=."#.utf8) + [0, 9, 10, 127, 128, 255]
            func randomText(_ count: Int) -> [UInt8] {
                (0..<count).map { _ in
                    Bool.random(using: &rng)
                        ? interesting[Int.random(in: 0..<interesting.count, using: &rng)]
                        : UInt8.random(in: 0...255, using: &rng)
                }
            }
            for _ in 0..<400 {
                var params: [UInt16: [UInt8]] = [:]
                if Bool.random(using: &rng) {
                    var alpn: [UInt8] = []
                    for _ in 0..<Int.random(in: 1...4, using: &rng) {
                        let id = randomText(Int.random(in: 1...12, using: &rng))
                        alpn += [UInt8(id.count)] + id
                    }
                    params[1] = alpn
                    if Bool.random(using: &rng) { params[2] = [] }
                }
                if Bool.random(using: &rng) { params[3] = randomBytes(2, using: &rng) }
                if Bool.random(using: &rng) { params[4] = randomBytes(4 * Int.random(in: 1...3, using: &rng), using: &rng) }
                if Bool.random(using: &rng) { params[5] = randomBytes(Int.random(in: 1...40, using: &rng), using: &rng) }
                if Bool.random(using: &rng) {
                    var hints: [UInt8] = []
                    for _ in 0..<Int.random(in: 1...3, using: &rng) {
                        var address = randomBytes(16, using: &rng)
                        let zeros = Int.random(in: 0...12, using: &rng)
                        for index in 0..<zeros { address[index] = 0 }
                        hints += address
                    }
                    params[6] = hints
                }
                if Bool.random(using: &rng) {
                    // Any ASCII but '%' and '{', which would need a well-formed URI template.
                    let literal = randomText(3).map { $0 & 0x7F }.map { $0 == 0x25 || $0 == 0x7B ? 0x78 : $0 }
                    params[7] = bytes("/p") + literal + bytes("{?dns}")
                }
                if Bool.random(using: &rng) { params[8] = [] }
                for _ in 0..<Int.random(in: 0...3, using: &rng) {
                    params[UInt16.random(in: 9...65534, using: &rng)] = randomText(Int.random(in: 0...20, using: &rng))
                }
                let present = params.keys.sorted()
                if !present.isEmpty && Bool.random(using: &rng) {
                    let listed = present.filter { _ in Bool.random(using: &rng) }
                    if !listed.isEmpty { params[0] = listed.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }
                }
                var wire: [UInt8] = []
                for key in params.keys.sorted() {
                    let value = params[key] ?? []
                    wire += [UInt8(key >> 8), UInt8(key & 0xFF), UInt8(value.count >> 8), UInt8(value.count & 0xFF)]
                    wire += value
                }
                #expect(SVCBParameters.validate(wire))
                guard let text = SVCBParameters.format(wire) else {
                    Issue.record("valid wire did not format: \(wire)")
                    continue
                }
                #expect(try SVCBParameters.parse(tokenize(text)) == wire, "\(text)")
            }
        }
    }
}
