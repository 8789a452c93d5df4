import Testing
@testable import DNSZone

@Suite("NSEC3 owner-name hashes")
struct NSEC3HashTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined() }

    @Test func sha1FIPSVectors() {
        #expect(Self.hex(SHA1.digest([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(Self.hex(SHA1.digest(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Self.hex(SHA1.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
            == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(Self.hex(SHA1.digest([UInt8](repeating: 0x61, count: 1_000_000))) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    /// RFC 5155 Appendix A: zone `example`, salt aabbccdd, 12 extra iterations.
    @Test func rfc5155AppendixAHashes() throws {
        let parameters = try #require(NSEC3Parameters(presentation: "1 0 12 aabbccdd"))
        #expect(parameters == NSEC3Parameters(iterations: 12, salt: [0xAA, 0xBB, 0xCC, 0xDD]))
        #expect(parameters.presentation == "1 0 12 aabbccdd")
        let expected = [
            "example": "0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM", "a.example": "35MTHGPGCU1QG68FAB165KLNSNK3DPVL",
            "ns1.example": "2T7B4G4VSA5SMI47K61MV5BV1A22BOJR", "*.w.example": "R53BQ7CC2UVMUBFU5OCMM6PERS9TK9EN",
            "x.y.w.example": "2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3S", "XX.Example": "T644EBQK9BIBCNA874GIVR6JOJ62MLHV",
        ]
        for (name, hash) in expected {
            #expect(parameters.hashedLabel(of: try DNSName(name + ".")) == hash, "\(name)")
        }
    }

    @Test func presentationForms() throws {
        let unsalted = try #require(NSEC3Parameters(presentation: "1 1 0 -"))
        #expect(unsalted.salt.isEmpty && unsalted.optOut && unsalted.presentation == "1 1 0 -")
        #expect(NSEC3Parameters(presentation: "1 0 0") == nil)
        #expect(NSEC3Parameters(presentation: "1 0 0 XYZ") == nil)
        #expect(NSEC3Parameters(presentation: "2 0 0 -")?.hashedLabel(of: .root) == nil)
    }
}
