extension PowerDNSZoneContent {
    /// Whether the zone text is signed already (holds RRSIG records): PowerDNS must serve it
    /// pre-signed, neither signing it itself nor dropping the signatures.
    var isPresigned: Bool { rrsets.keys.contains { $0.type == "RRSIG" } }

    /// The zone's NSEC3PARAM record at `apex` ("" when it has none: NSEC, or unsigned).
    func nsec3Param(apex: String) -> String {
        rrsets[PowerDNSRRsetKey(name: apex, type: "NSEC3PARAM")]?.contents.first ?? ""
    }
}

extension PowerDNSBackend {
    /// After the records are written: a zone whose text holds RRSIGs gets PowerDNS's PRESIGNED
    /// metadata (else PowerDNS drops its signatures from answers) and its NSEC3 parameters (else
    /// PowerDNS denies names with NSEC it makes up); a zone that held RRSIGs and no longer does
    /// has PRESIGNED cleared. Nothing is asked of PowerDNS for a zone signed neither before nor now.
    /// With `gsqlite3_database` (or `gmysql_dbname`) all of it is written into the database, ordernames included
    /// (`matchPresignedInDatabase`); without it, over the API, which PowerDNS 4.7 refuses for PRESIGNED.
    /// `held`: the zone as PowerDNS had it before this apply (nil: just created).
    func matchPresigned(_ zoneName: String, _ desired: PowerDNSZoneContent, held: PowerDNSZoneInfo?, _ api: PowerDNSAPI) async throws {
        let signed = desired.isPresigned
        let wasSigned = held?.rrsets?.contains { $0.type.uppercased() == "RRSIG" } ?? false
        guard signed || wasSigned else { return }
        if let database = signedDatabase {
            return try await matchPresignedInDatabase(zoneName, signed: signed, database, api)
        }
        var changed = false
        if try await api.metadata(zoneName, Self.presignedKind).contains("1") != signed {
            let answer = signed
                ? try await api.setMetadata(zoneName, Self.presignedKind, ["1"]) : try await api.deleteMetadata(zoneName, Self.presignedKind)
            guard (200...204).contains(answer.status) else {
                throw PowerDNSError.presignedRefused(zone: zoneName, set: signed, answer: "HTTP \(answer.status) \(answer.message)")
            }
            changed = true
        }
        let param = signed ? desired.nsec3Param(apex: zoneName) : ""
        if (held?.nsec3param ?? "") != param {
            try await api.setNSEC3Param(zoneName, param)
            changed = true
        }
        if changed { try await api.purgeCaches(zoneName) }
    }

    /// `matchPresigned` with `gsqlite3_database` or `gmysql_dbname`: PRESIGNED, the NSEC3 parameters and each name's
    /// ordername written into the database (which the API refuses), so that PowerDNS also serves the
    /// zone's NSEC3 denial; then a write of dadns's own metadata kind, which makes PowerDNS drop its
    /// metadata cache of the zone (`domain-metadata-cache-ttl`), and a purge of its answer caches.
    private func matchPresignedInDatabase(_ zoneName: String, signed: Bool, _ database: PowerDNSSignedZoneDatabase, _ api: PowerDNSAPI) async throws {
        if signed {
            try await database.presign(zoneName)
            let answer = try await api.setMetadata(zoneName, Self.databaseMarkKind, ["1"])
            try PowerDNSAPI.check(answer, [200, 204])
        } else {
            try await database.unsign(zoneName)
            try PowerDNSAPI.check(try await api.deleteMetadata(zoneName, Self.databaseMarkKind), [200, 204])
        }
        try await api.purgeCaches(zoneName)
    }

    /// dadns's metadata kind on a zone whose PRESIGNED it wrote into the database (PowerDNS takes
    /// any `X-` kind over its API, and clears its metadata cache of the zone when one is written).
    static let databaseMarkKind = "X-DADNS-PRESIGNED"

    /// The metadata kind that makes PowerDNS serve a zone's own signatures.
    static let presignedKind = "PRESIGNED"
}
