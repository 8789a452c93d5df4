import Testing
@testable import DNSZone

/// parse(print(z)) == z, for the corpus and for randomly generated zones.
@Suite("Round trip through the canonical writer")
struct RoundTripTests {
    @Test("corpus zones survive printing and re-parsing", arguments: CorpusFile.all.filter(\.expectValid))
    func corpusRoundTrip(file: CorpusFile) throws {
        let origin = try file.originName
        let zone = try ZoneParser.parse(try file.bytes, origin: origin)
        try assertRoundTrip(zone)
    }

    @Test("random zones survive printing and re-parsing")
    func randomRoundTrip() throws {
        var generator = SplitMix64(seed: 0x5EED)
        for iteration in 0..<300 {
            let origin = try DNSName("zone\(iteration).example.")
            let text = RandomZone.text(origin: origin, using: &generator)
            let zone: Zone
            do {
                zone = try ZoneParser.parse(text, origin: origin)
            } catch {
                Issue.record("generated zone rejected: \(error)\n\(text)")
                continue
            }
            try assertRoundTrip(zone)
        }
    }

    private func assertRoundTrip(_ zone: Zone) throws {
        let printed = ZoneWriter.canonicalText(zone)
        let again = try ZoneParser.parse(printed, origin: zone.origin)
        #expect(again == zone, "\(printed)")
        #expect(ZoneWriter.canonicalText(again) == printed)
        let relative = ZoneWriter.relativeText(zone)
        let fromRelative = try ZoneParser.parse(relative, origin: zone.origin)
        #expect(fromRelative == zone, "\(relative)")
    }
}

/// Random but valid zones: every typed record kind, odd bytes in strings and labels.
enum RandomZone {
    static func label(using rng: inout SplitMix64) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789-_")
        let length = Int.random(in: 1...12, using: &rng)
        var text = String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
        if Int.random(in: 0..<20, using: &rng) == 0 { text += "\\.dot\\032sp\\255" }
        return text
    }

    static func string(using rng: inout SplitMix64) -> String {
        var text = "\""
        for _ in 0..<Int.random(in: 0...40, using: &rng) {
            let byte = UInt8.random(in: 0...255, using: &rng)
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): text += "\\" + String(UnicodeScalar(byte))
            case 0x20...0x7E: text += String(UnicodeScalar(byte))
            default: text += "\\" + String(format3: Int(byte))
            }
        }
        return text + "\""
    }

    static func number(_ range: ClosedRange<Int>, using rng: inout SplitMix64) -> Int {
        Int.random(in: range, using: &rng)
    }

    /// A type and its rdata, one of every typed kind.
    static func rdata(using rng: inout SplitMix64) -> String {
        switch number(0...18, using: &rng) {
        case 0: return "A \(number(0...255, using: &rng)).\(number(0...255, using: &rng)).0.1"
        case 1: return "AAAA 2001:db8::" + String(number(0...65535, using: &rng), radix: 16)
        case 2: return "TXT \(string(using: &rng)) \(string(using: &rng))"
        case 3: return "MX \(number(0...65535, using: &rng)) mail.\(label(using: &rng))"
        case 4: return "SRV 1 2 \(number(0...65535, using: &rng)) target.example.net."
        case 5: return "CAA 0 issue \(string(using: &rng))"
        case 6: return "DS 12345 8 2 " + String(repeating: "AB", count: 32)
        case 7: return "TLSA 3 1 1 " + String(repeating: "0F", count: 32)
        case 8: return "SSHFP 4 2 " + String(repeating: "ee", count: 32)
        case 9: return "NAPTR 100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.net."
        case 10: return "HINFO \(string(using: &rng)) \(string(using: &rng))"
        case 11: return "URI 10 1 \"https://example.net/\(label(using: &rng))\""
        case 12: return "PTR host.example.net."
        case 13: return "NSEC3PARAM 1 0 0 -"
        case 14: return "HTTPS 1 . alpn=h2,h3 port=8443 ipv4hint=192.0.2.1"
        case 15: return "TYPE\(number(65280...65534, using: &rng)) \\# 3 ABCDEF"
        case 16: return "SPF \(string(using: &rng))"
        case 17: return "OPENPGPKEY AAECAwQ="
        default: return "SVCB 0 Target.Example.NET."
        }
    }

    static func text(origin: DNSName, using rng: inout SplitMix64) -> String {
        var lines = [
            "$TTL \(Int.random(in: 0...86400, using: &rng))",
            "@ IN SOA ns1 hostmaster \(UInt32.random(in: 0...UInt32.max, using: &rng)) 1h 15m 2w 5m",
            "@ NS ns1", "ns1 A 192.0.2.53",
        ]
        for _ in 0..<Int.random(in: 1...40, using: &rng) {
            let record = rdata(using: &rng)
            // The apex takes only types that may live there (not DS, not CNAME-like data).
            let apexSafe = record.hasPrefix("A ") || record.hasPrefix("TXT ") || record.hasPrefix("MX ")
            let owner = apexSafe && number(0...9, using: &rng) == 0 ? "@" : label(using: &rng)
            let ttl = number(0...2, using: &rng) == 0 ? "\(number(0...604800, using: &rng)) " : ""
            lines.append("\(owner) \(ttl)IN \(record)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    init(format3 value: Int) {
        self = String(repeating: "0", count: 3 - String(value).count) + String(value)
    }
}
