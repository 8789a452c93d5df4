/// One resource record of a zone (class IN), with rdata in wire form.
public struct ResourceRecord: Hashable, Sendable {
    public var owner: DNSName
    public var type: RRType
    public var ttl: UInt32
    /// Uncompressed wire rdata; names inside it are lower-cased.
    public var rdata: [UInt8]

    public init(owner: DNSName, type: RRType, ttl: UInt32, rdata: [UInt8]) {
        self.owner = owner
        self.type = type
        self.ttl = ttl
        self.rdata = rdata
    }

    /// Rdata in presentation form with absolute names (RFC 3597 form for types without a typed form).
    public var rdataText: String {
        var out: [UInt8] = []
        RdataTextPrinter.append(type: type, rdata: rdata[...], to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

extension ResourceRecord: CustomStringConvertible {
    /// The record as one canonical master-file line (no newline).
    public var description: String {
        "\(owner.text)\t\(ttl)\tIN\t\(type.mnemonic)\t\(rdataText)"
    }
}
