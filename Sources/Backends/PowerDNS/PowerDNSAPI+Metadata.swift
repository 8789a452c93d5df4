import Foundation

extension PowerDNSAPI {
    /// `GET /zones/<id>/metadata/<kind>`: the values (empty when unset).
    func metadata(_ domain: String, _ kind: String) async throws -> [String] {
        let answer = try await send(.GET, "/zones/\(PowerDNSZoneID.of(domain))/metadata/\(kind)")
        try Self.check(answer, [200])
        return try Self.decode(PowerDNSMetadata.self, answer).metadata
    }

    /// `PUT /zones/<id>/metadata/<kind>` with `values`; PowerDNS's answer, whatever it is (some
    /// kinds, PRESIGNED among them in 4.7, are refused with 422 "Unsupported metadata kind").
    func setMetadata(_ domain: String, _ kind: String, _ values: [String]) async throws -> Answer {
        let body = try Self.json(PowerDNSMetadata(kind: kind, metadata: values))
        return try await send(.PUT, "/zones/\(PowerDNSZoneID.of(domain))/metadata/\(kind)", body: body)
    }

    /// `DELETE /zones/<id>/metadata/<kind>`; PowerDNS's answer, whatever it is.
    func deleteMetadata(_ domain: String, _ kind: String) async throws -> Answer {
        try await send(.DELETE, "/zones/\(PowerDNSZoneID.of(domain))/metadata/\(kind)")
    }

    /// `PUT /zones/<id>` of the zone's NSEC3 parameters ("" for NSEC): what a pre-signed NSEC3
    /// zone needs for PowerDNS to look up the NSEC3 records that deny a name.
    func setNSEC3Param(_ domain: String, _ param: String) async throws {
        let body = try Self.json(PowerDNSZoneNSEC3Param(nsec3param: param))
        try Self.check(try await send(.PUT, "/zones/\(PowerDNSZoneID.of(domain))", body: body), [204])
    }
}

/// A zone's metadata of one kind, as the API reads and writes it.
struct PowerDNSMetadata: Codable, Sendable {
    var kind: String
    var metadata: [String]
}

/// The body of `PUT /zones/<id>` setting the NSEC3 parameters only.
struct PowerDNSZoneNSEC3Param: Encodable, Sendable {
    var nsec3param: String
}
