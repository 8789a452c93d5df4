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
    /// `held`: the zone as PowerDNS had it before this apply (nil: just created).
    func matchPresigned(_ zoneName: String, _ desired: PowerDNSZoneContent, held: PowerDNSZoneInfo?, _ api: PowerDNSAPI) async throws {
        let signed = desired.isPresigned
        let wasSigned = held?.rrsets?.contains { $0.type.uppercased() == "RRSIG" } ?? false
        guard signed || wasSigned else { return }
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

    /// The metadata kind that makes PowerDNS serve a zone's own signatures.
    static let presignedKind = "PRESIGNED"
}
