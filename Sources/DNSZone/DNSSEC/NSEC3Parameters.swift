/// The parameters an NSEC3-signed zone hashes its owner names with (RFC 5155 §4: the fields of
/// NSEC3PARAM, the first four of NSEC3), and the hash itself.
public struct NSEC3Parameters: Sendable, Equatable {
    /// Hash algorithm (1: SHA-1, the only one defined).
    public var algorithm: UInt8
    /// Flags (bit 0: opt-out; NSEC3PARAM's is always 0, the NSEC3 records' tell).
    public var flags: UInt8
    public var iterations: UInt16
    public var salt: [UInt8]

    public init(algorithm: UInt8 = 1, flags: UInt8 = 0, iterations: UInt16, salt: [UInt8]) {
        self.algorithm = algorithm
        self.flags = flags
        self.iterations = iterations
        self.salt = salt
    }

    /// From the presentation form of NSEC3PARAM's rdata or the start of NSEC3's
    /// (`1 0 10 AABBCC`, `-` for no salt); nil when it is not that.
    public init?(presentation text: String) {
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count >= 4, let algorithm = UInt8(fields[0]), let flags = UInt8(fields[1]), let iterations = UInt16(fields[2])
        else { return nil }
        let salt = fields[3] == "-" ? [] : Base16.decode(Array(fields[3].utf8))
        guard let salt else { return nil }
        self.init(algorithm: algorithm, flags: flags, iterations: iterations, salt: salt)
    }

    /// The NSEC3PARAM rdata in presentation form (`1 0 10 aabbcc`, `-` for no salt).
    public var presentation: String {
        "\(algorithm) \(flags) \(iterations) \(salt.isEmpty ? "-" : Base16.encode(salt).lowercased())"
    }

    /// Whether the NSEC3 records carry the opt-out flag.
    public var optOut: Bool { flags & 1 == 1 }

    /// `name`'s hashed owner label (RFC 5155 §5): SHA-1 of the lower-case wire name and the salt,
    /// then `iterations` more times of the digest and the salt, in base32hex (upper case). Nil for
    /// a hash algorithm other than SHA-1.
    public func hashedLabel(of name: DNSName) -> String? {
        guard algorithm == 1 else { return nil }
        let lowered = name.wire.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        var digest = SHA1.digest(lowered + salt)
        for _ in 0..<iterations { digest = SHA1.digest(digest + salt) }
        return Base32Hex.encode(digest)
    }
}
