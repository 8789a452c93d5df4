/// PowerDNS's zone ids: the zone name with its trailing dot, every character other than ASCII
/// letters, digits, `.` and `-` written `=XX` (hex), as PowerDNS's `apiZoneNameToId` does
/// (`_dmarc.example.com.` → `=5Fdmarc.example.com.`, `/` → `=2F`). Such an id is safe in a URL path.
public enum PowerDNSZoneID {
    /// The id of the zone `domain` (with or without its trailing dot).
    public static func of(_ domain: String) -> String {
        escape(absolute(domain))
    }

    /// `domain` lower-cased with a trailing dot.
    public static func absolute(_ domain: String) -> String {
        let lowered = domain.lowercased()
        return lowered.hasSuffix(".") ? lowered : lowered + "."
    }

    /// `text` with every octet but ASCII letters, digits, `.` and `-` as `=XX`.
    public static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "."), UInt8(ascii: "-"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "=" + (hex.count < 2 ? "0" + hex : hex)
            }
        }
        return out
    }
}
