/// A resource record type code, with the mnemonics of the types this package knows.
public struct RRType: RawRepresentable, Hashable, Sendable, Comparable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let a = RRType(rawValue: 1)
    public static let ns = RRType(rawValue: 2)
    public static let cname = RRType(rawValue: 5)
    public static let soa = RRType(rawValue: 6)
    public static let ptr = RRType(rawValue: 12)
    public static let hinfo = RRType(rawValue: 13)
    public static let mx = RRType(rawValue: 15)
    public static let txt = RRType(rawValue: 16)
    public static let rp = RRType(rawValue: 17)
    public static let afsdb = RRType(rawValue: 18)
    public static let sig = RRType(rawValue: 24)
    public static let key = RRType(rawValue: 25)
    public static let aaaa = RRType(rawValue: 28)
    public static let nxt = RRType(rawValue: 30)
    public static let srv = RRType(rawValue: 33)
    public static let naptr = RRType(rawValue: 35)
    public static let kx = RRType(rawValue: 36)
    public static let dname = RRType(rawValue: 39)
    public static let ds = RRType(rawValue: 43)
    public static let sshfp = RRType(rawValue: 44)
    public static let rrsig = RRType(rawValue: 46)
    public static let nsec = RRType(rawValue: 47)
    public static let dnskey = RRType(rawValue: 48)
    public static let dhcid = RRType(rawValue: 49)
    public static let nsec3 = RRType(rawValue: 50)
    public static let nsec3param = RRType(rawValue: 51)
    public static let tlsa = RRType(rawValue: 52)
    public static let smimea = RRType(rawValue: 53)
    public static let cds = RRType(rawValue: 59)
    public static let cdnskey = RRType(rawValue: 60)
    public static let openpgpkey = RRType(rawValue: 61)
    public static let csync = RRType(rawValue: 62)
    public static let zonemd = RRType(rawValue: 63)
    public static let svcb = RRType(rawValue: 64)
    public static let https = RRType(rawValue: 65)
    public static let spf = RRType(rawValue: 99)
    public static let uri = RRType(rawValue: 256)
    public static let caa = RRType(rawValue: 257)

    /// Mnemonics of the types with a typed presentation form here.
    static let mnemonics: [UInt16: String] = [
        1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 12: "PTR", 13: "HINFO", 15: "MX", 16: "TXT",
        17: "RP", 18: "AFSDB", 28: "AAAA", 33: "SRV", 35: "NAPTR", 36: "KX", 39: "DNAME",
        43: "DS", 44: "SSHFP", 46: "RRSIG", 47: "NSEC", 48: "DNSKEY", 49: "DHCID", 50: "NSEC3",
        51: "NSEC3PARAM", 52: "TLSA", 53: "SMIMEA", 59: "CDS", 60: "CDNSKEY", 61: "OPENPGPKEY",
        62: "CSYNC", 63: "ZONEMD", 64: "SVCB", 65: "HTTPS", 99: "SPF", 256: "URI", 257: "CAA",
    ]

    /// Mnemonics of well-known types that may appear in type bitmaps (NSEC, NSEC3, CSYNC) even
    /// though their records are not accepted here in typed form.
    static let bitmapOnlyMnemonics: [UInt16: String] = [
        3: "MD", 4: "MF", 7: "MB", 8: "MG", 9: "MR", 10: "NULL", 11: "WKS", 14: "MINFO",
        19: "X25", 20: "ISDN", 21: "RT", 22: "NSAP", 23: "NSAP-PTR", 24: "SIG", 25: "KEY",
        26: "PX", 27: "GPOS", 29: "LOC", 30: "NXT", 31: "EID", 32: "NIMLOC", 34: "ATMA",
        37: "CERT", 38: "A6", 40: "SINK", 41: "OPT", 42: "APL", 45: "IPSECKEY", 55: "HIP",
        56: "NINFO", 57: "RKEY", 58: "TALINK", 99: "SPF", 104: "NID", 105: "L32", 106: "L64",
        107: "LP", 108: "EUI48", 109: "EUI64", 249: "TKEY", 250: "TSIG", 32768: "TA", 32769: "DLV",
    ]

    private static let byMnemonic: [String: UInt16] = {
        var table: [String: UInt16] = [:]
        for (code, name) in bitmapOnlyMnemonics { table[name] = code }
        for (code, name) in mnemonics { table[name] = code }
        return table
    }()

    /// The presentation mnemonic, or `TYPEnnn` for types without one.
    public var mnemonic: String {
        RRType.mnemonics[rawValue] ?? RRType.bitmapOnlyMnemonics[rawValue] ?? "TYPE\(rawValue)"
    }

    /// True when records of this type are parsed and printed in typed form.
    public var hasTypedForm: Bool { RRType.mnemonics[rawValue] != nil }

    /// Looks up a mnemonic (any case) or `TYPEnnn`. `includeBitmapOnly` also accepts names such
    /// as `LOC` that only make sense inside type bitmaps.
    static func lookup(_ text: some Collection<UInt8>, includeBitmapOnly: Bool) -> RRType? {
        var upper = ""
        upper.reserveCapacity(text.count)
        for byte in text {
            guard byte < 0x80 else { return nil }
            let folded = (byte >= 0x61 && byte <= 0x7A) ? byte & ~0x20 : byte
            upper.unicodeScalars.append(Unicode.Scalar(folded))
        }
        if let code = byMnemonic[upper] {
            if includeBitmapOnly || mnemonics[code] != nil { return RRType(rawValue: code) }
            return nil
        }
        if upper.hasPrefix("TYPE"), upper.count > 4, upper.count <= 9 {
            let digits = upper.dropFirst(4)
            guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt32(digits),
                value <= 65535
            else { return nil }
            return RRType(rawValue: UInt16(value))
        }
        return nil
    }

    public static func < (lhs: RRType, rhs: RRType) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension RRType: CustomStringConvertible {
    public var description: String { mnemonic }
}
