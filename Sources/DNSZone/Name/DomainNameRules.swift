/// Domain names as they arrive from DirectAdmin, checked before they touch a path, a config file
/// or a query: lower-cased, without a trailing dot, letters/digits/hyphens/underscores only
/// (IDNs arrive as punycode), labels of 1–63 octets, at most 253 octets in all.
public enum DomainNameRules {
    /// Why a name was refused.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case empty
        case tooLong
        case emptyLabel
        case labelTooLong
        case badCharacter
        case hyphenAtLabelEdge

        public var description: String {
            switch self {
            case .empty: return "domain is empty"
            case .tooLong: return "domain is longer than 253 characters"
            case .emptyLabel: return "domain has an empty label"
            case .labelTooLong: return "domain has a label longer than 63 characters"
            case .badCharacter: return "domain may only contain letters, digits, '-', '_' and '.'"
            case .hyphenAtLabelEdge: return "a domain label may not start or end with '-'"
            }
        }
    }

    /// The normalized name, or the problem with it.
    public static func normalize(_ raw: String) -> Result<String, Problem> {
        var text = raw.lowercased()
        if text.hasSuffix(".") { text.removeLast() }
        guard !text.isEmpty else { return .failure(.empty) }
        let bytes = Array(text.utf8)
        guard bytes.count <= 253 else { return .failure(.tooLong) }
        var labelLength = 0
        var previous: UInt8 = UInt8(ascii: ".")
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "."):
                guard labelLength > 0 else { return .failure(.emptyLabel) }
                guard previous != UInt8(ascii: "-") else { return .failure(.hyphenAtLabelEdge) }
                labelLength = 0
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                labelLength += 1
            case UInt8(ascii: "-"):
                guard labelLength > 0 else { return .failure(.hyphenAtLabelEdge) }
                labelLength += 1
            default:
                return .failure(.badCharacter)
            }
            guard labelLength <= 63 else { return .failure(.labelTooLong) }
            previous = byte
        }
        guard labelLength > 0 else { return .failure(.emptyLabel) }
        guard previous != UInt8(ascii: "-") else { return .failure(.hyphenAtLabelEdge) }
        return .success(text)
    }

    /// `a.b.example.com` → `["a.b.example.com", "b.example.com", "example.com", "com"]`.
    public static func selfAndAncestors(_ domain: String) -> [String] {
        var result: [String] = []
        var rest = Substring(domain)
        while !rest.isEmpty {
            result.append(String(rest))
            guard let dot = rest.firstIndex(of: ".") else { break }
            rest = rest[rest.index(after: dot)...]
        }
        return result
    }
}
