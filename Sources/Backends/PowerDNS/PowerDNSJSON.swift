/// One record of an RRset as the API writes it.
struct PowerDNSRecord: Codable, Equatable, Sendable {
    var content: String
    var disabled: Bool = false
}

/// An RRset as the API reads and writes it; `changetype` only in a PATCH.
struct PowerDNSRRset: Codable, Equatable, Sendable {
    var name: String
    var type: String
    var ttl: UInt32?
    var changetype: String?
    var records: [PowerDNSRecord]?
}

/// A zone as `GET /zones/<id>` (with its RRsets) or `GET /zones` (without) answers.
struct PowerDNSZoneInfo: Decodable, Sendable {
    var name: String
    var kind: String?
    var account: String?
    /// The NSEC3 parameters ("" or absent: none).
    var nsec3param: String?
    var rrsets: [PowerDNSRRset]?
}

/// The body of `POST /zones`.
struct PowerDNSNewZone: Encodable, Sendable {
    var name: String
    var kind: String
    var account: String
    /// Empty: PowerDNS keeps the serial sent in the SOA as it is (no SOA-EDIT-API increase).
    var soa_edit_api = ""
    var rrsets: [PowerDNSRRset]
}

/// The body of `PATCH /zones/<id>`.
struct PowerDNSPatch: Encodable, Sendable {
    var rrsets: [PowerDNSRRset]
}

/// The body of `PUT /zones/<id>`: zone settings only (never records).
struct PowerDNSZoneKind: Encodable, Sendable {
    var kind: String
}

/// An error answer: `{"error": "…"}`.
struct PowerDNSErrorBody: Decodable, Sendable {
    var error: String
}
