/// BIND's consistency checks of CDS and CDNSKEY at the apex (RFC 7344, RFC 8078): the delete
/// signal stands alone, and every other CDS/CDNSKEY refers to a DNSKEY at the apex.
///
/// A CDS is matched to its DNSKEY by key tag and algorithm; BIND also recomputes the digest,
/// which needs SHA-1/SHA-256/SHA-384 and is left out here.
struct DNSSECApexChecks {
    let storage: RecordStorage
    let apex: UInt32

    static let cdsDelete: [UInt8] = [0, 0, 0, 0, 0]
    static let cdnskeyDelete: [UInt8] = [0, 0, 3, 0, 0]

    func validate() throws(ZoneError) {
        var dnskeys: [[UInt8]] = []
        var cds: [(rdata: [UInt8], line: Int)] = []
        var cdnskeys: [(rdata: [UInt8], line: Int)] = []
        for entry in storage.entries where entry.owner == apex {
            let rdata = Array(storage.rdata(of: entry))
            switch entry.type {
            case RRType.dnskey.rawValue: dnskeys.append(rdata)
            case RRType.cds.rawValue: cds.append((rdata, Int(entry.line)))
            case RRType.cdnskey.rawValue: cdnskeys.append((rdata, Int(entry.line)))
            default: break
            }
        }
        let keyTags = Set(dnskeys.filter { $0.count > 4 }.map { KeyTag.compute($0) << 8 | UInt32($0[3]) })
        try checkDeleteStandsAlone(cds, delete: Self.cdsDelete, type: "CDS")
        try checkDeleteStandsAlone(cdnskeys, delete: Self.cdnskeyDelete, type: "CDNSKEY")
        for record in cds where record.rdata != Self.cdsDelete && record.rdata.count >= 4 {
            let tag = UInt32(record.rdata[0]) << 8 | UInt32(record.rdata[1])
            guard keyTags.contains(tag << 8 | UInt32(record.rdata[2])) else {
                throw ZoneError(line: record.line, reason: "CDS with key tag \(tag) matches no DNSKEY at the apex")
            }
        }
        for record in cdnskeys where record.rdata != Self.cdnskeyDelete {
            guard dnskeys.contains(record.rdata) else {
                throw ZoneError(line: record.line, reason: "CDNSKEY matches no DNSKEY at the apex")
            }
        }
    }

    private func checkDeleteStandsAlone(_ records: [(rdata: [UInt8], line: Int)], delete: [UInt8], type: String) throws(ZoneError) {
        guard records.count > 1, let deletion = records.first(where: { $0.rdata == delete }) else { return }
        throw ZoneError(line: deletion.line, reason: "\(type) delete signal mixed with other \(type) records")
    }
}

/// The DNSSEC key tag of a DNSKEY rdata (RFC 4034 Appendix B).
enum KeyTag {
    static func compute(_ rdata: [UInt8]) -> UInt32 {
        var accumulator: UInt32 = 0
        for (index, byte) in rdata.enumerated() {
            accumulator += index & 1 == 1 ? UInt32(byte) : UInt32(byte) << 8
        }
        accumulator += (accumulator >> 16) & 0xFFFF
        return accumulator & 0xFFFF
    }
}
