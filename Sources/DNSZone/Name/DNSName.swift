/// A fully qualified domain name, held in uncompressed wire form with ASCII letters lower-cased,
/// so that equality, hashing and ordering are the case-insensitive comparisons DNS requires.
public struct DNSName: Sendable, Hashable {
    /// Wire form: length-prefixed labels ending with the empty root label, A–Z folded to a–z.
    public let wire: [UInt8]

    /// The root name `.`.
    public static let root = DNSName(uncheckedWire: [0])

    /// Wraps wire bytes that are already validated and lower-cased.
    init(uncheckedWire: [UInt8]) {
        self.wire = uncheckedWire
    }

    /// Parses presentation text such as `www.example.com.` or, with an origin, `www` and `@`.
    /// Escapes `\X` and `\DDD` are honoured; the result is lower-cased.
    public init(_ text: String, origin: DNSName? = nil) throws(DNSNameError) {
        var bytes = Array(text.utf8)
        var output: [UInt8] = []
        try bytes.withUnsafeMutableBufferPointer { buffer throws(DNSNameError) in
            try DNSNameText.parse(UnsafeBufferPointer(buffer), origin: origin?.wire, into: &output)
        }
        self.wire = output
    }

    /// Number of labels, not counting the root label (`example.com.` has 2).
    public var labelCount: Int {
        var count = 0
        var index = 0
        while index < wire.count, wire[index] != 0 {
            count += 1
            index += Int(wire[index]) + 1
        }
        return count
    }

    /// True when the name is the root.
    public var isRoot: Bool { wire.count == 1 }

    /// True when this name equals `ancestor` or lies below it.
    public func isSubdomain(of ancestor: DNSName) -> Bool {
        DNSNameText.isSubdomain(wire[...], of: ancestor.wire[...])
    }

    /// The name with its leftmost label removed; the root's parent is the root.
    public var parent: DNSName {
        guard !isRoot else { return self }
        return DNSName(uncheckedWire: Array(wire[(Int(wire[0]) + 1)...]))
    }


    /// Absolute presentation form with a trailing dot, special characters escaped.
    public var text: String { DNSNameText.format(wire[...]) }

    /// Presentation form relative to `origin`: `@` for the origin itself, the leading labels for
    /// names below it, and the absolute form (with trailing dot) for anything else.
    public func relativeText(to origin: DNSName) -> String {
        DNSNameText.formatRelative(wire[...], origin: origin.wire[...])
    }
}

extension DNSName: CustomStringConvertible {
    public var description: String { text }
}

extension DNSName: Comparable {
    /// DNSSEC canonical order (RFC 4034 §6.1): compare label by label from the right.
    public static func < (lhs: DNSName, rhs: DNSName) -> Bool {
        // Both end in the root label, which compares equal; the labels before it decide.
        CanonicalOrder.compareRelative(lhs.wire.dropLast(), rhs.wire.dropLast()) < 0
    }
}

/// Why a name could not be parsed.
public enum DNSNameError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptyLabel
    case labelTooLong
    case nameTooLong
    case badEscape
    case relativeWithoutOrigin
    case empty

    public var description: String {
        switch self {
        case .emptyLabel: return "empty label in domain name"
        case .labelTooLong: return "label longer than 63 octets"
        case .nameTooLong: return "domain name longer than 255 octets"
        case .badEscape: return "bad escape sequence in domain name"
        case .relativeWithoutOrigin: return "relative domain name without an origin"
        case .empty: return "empty domain name"
        }
    }
}
