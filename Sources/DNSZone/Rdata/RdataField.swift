/// One field of a record type's rdata, in the order of its presentation and wire forms.
enum RdataField: Sendable {
    case uint8
    case uint16
    case uint32
    /// A 32-bit number of seconds that also accepts TTL units (SOA timers, RRSIG original TTL).
    case period
    /// A domain name, lower-cased (the types of RFC 4034 §6.2, whose names compare case-insensitively).
    case name
    /// A domain name kept as written (SVCB/HTTPS targets, NSEC next names: BIND compares these
    /// case-sensitively, so records differing only in case stay distinct).
    case caseSensitiveName
    case ipv4
    case ipv6
    /// One length-prefixed `<character-string>`.
    case characterString
    /// One or more character-strings up to the end of the record (TXT, SPF).
    case characterStrings
    /// Base64 up to the end of the record, split by blanks as the writer likes.
    case base64Rest
    /// Hex up to the end of the record. `exactLengthByDigestType`: DS digest lengths.
    case hexRest
    /// DS/CDS digest: hex whose length is fixed by the preceding digest type when it is known.
    case digest
    /// NSEC/NSEC3/CSYNC type bitmap: type mnemonics up to the end of the record.
    case typeBitmap
    /// A 16-bit type given by mnemonic (RRSIG type covered).
    case recordType
    /// An 8-bit DNSSEC algorithm, number or mnemonic.
    case algorithm
    /// RRSIG time: YYYYMMDDHHmmSS or seconds.
    case signatureTime
    /// NSEC3 salt: `-` for none, else hex; length-prefixed.
    case salt
    /// NSEC3 next hashed owner: base32hex; length-prefixed.
    case hashedOwner
    /// CAA tag: 1–255 letters and digits, length-prefixed.
    case caaTag
    /// The rest as one string without a length prefix (CAA value).
    case unprefixedString
    /// One quoted string without a length prefix (URI target: BIND requires the quotes).
    case quotedUnprefixedString
    /// SVCB/HTTPS SvcParams up to the end of the record.
    case serviceParameters

    /// Bytes on the wire of a fixed-width number (nil for the other fields).
    var integerWidth: Int? {
        switch self {
        case .uint8, .algorithm: 1
        case .uint16, .recordType: 2
        case .uint32, .period, .signatureTime: 4
        default: nil
        }
    }
}

/// The presentation/wire layout of a typed record: its fields and what they are called in errors.
struct RdataSchema: Sendable {
    /// The fields in order.
    let kinds: [RdataField]
    /// What each field is called in error messages.
    let names: [String]

    init(_ fields: [(String, RdataField)]) {
        kinds = fields.map(\.1)
        names = fields.map(\.0)
    }

    /// The schema for a type, or nil for types handled only in RFC 3597 form.
    @inline(__always)
    static func of(_ type: RRType) -> RdataSchema? {
        let code = Int(type.rawValue)
        return code < byCode.count ? byCode[code] : nil
    }

    /// Schemas indexed by type code (all typed codes are below 258), so the per-record lookup is
    /// an array access.
    private static let byCode: [RdataSchema?] = {
        var array = [RdataSchema?](repeating: nil, count: 258)
        for (code, schema) in table { array[Int(code)] = schema }
        return array
    }()

    private static let table: [UInt16: RdataSchema] = {
        let single = RdataSchema([("target", .name)])
        let preferenceName = RdataSchema([("preference", .uint16), ("exchanger", .name)])
        let text = RdataSchema([("text", .characterStrings)])
        let ds = RdataSchema([
            ("key tag", .uint16), ("algorithm", .algorithm), ("digest type", .uint8), ("digest", .digest),
        ])
        let dnskey = RdataSchema([
            ("flags", .uint16), ("protocol", .uint8), ("algorithm", .algorithm), ("public key", .base64Rest),
        ])
        let tlsa = RdataSchema([
            ("certificate usage", .uint8), ("selector", .uint8), ("matching type", .uint8),
            ("certificate data", .hexRest),
        ])
        let svcb = RdataSchema([
            ("priority", .uint16), ("target", .caseSensitiveName), ("parameters", .serviceParameters),
        ])
        // NSEC3PARAM's fields are the first four of NSEC3 (RFC 5155 section 4.2).
        let nsec3Parameters: [(String, RdataField)] = [
            ("hash algorithm", .uint8), ("flags", .uint8), ("iterations", .uint16), ("salt", .salt),
        ]
        return [
            RRType.a.rawValue: RdataSchema([("address", .ipv4)]),
            RRType.ns.rawValue: RdataSchema([("name server", .name)]),
            RRType.cname.rawValue: single,
            RRType.dname.rawValue: single,
            RRType.ptr.rawValue: single,
            RRType.soa.rawValue: RdataSchema([
                ("primary name server", .name), ("responsible mailbox", .name), ("serial", .uint32),
                ("refresh", .period), ("retry", .period), ("expire", .period), ("minimum", .period),
            ]),
            RRType.hinfo.rawValue: RdataSchema([("cpu", .characterString), ("os", .characterString)]),
            RRType.mx.rawValue: RdataSchema([("preference", .uint16), ("mail exchanger", .name)]),
            RRType.txt.rawValue: text,
            RRType.spf.rawValue: text,
            RRType.rp.rawValue: RdataSchema([("mailbox", .name), ("text name", .name)]),
            RRType.afsdb.rawValue: RdataSchema([("subtype", .uint16), ("hostname", .name)]),
            RRType.kx.rawValue: preferenceName,
            RRType.aaaa.rawValue: RdataSchema([("address", .ipv6)]),
            RRType.srv.rawValue: RdataSchema([
                ("priority", .uint16), ("weight", .uint16), ("port", .uint16), ("target", .name),
            ]),
            RRType.naptr.rawValue: RdataSchema([
                ("order", .uint16), ("preference", .uint16), ("flags", .characterString),
                ("services", .characterString), ("regexp", .characterString), ("replacement", .name),
            ]),
            RRType.ds.rawValue: ds,
            RRType.cds.rawValue: ds,
            RRType.sshfp.rawValue: RdataSchema([
                ("algorithm", .uint8), ("fingerprint type", .uint8), ("fingerprint", .hexRest),
            ]),
            RRType.rrsig.rawValue: RdataSchema([
                ("type covered", .recordType), ("algorithm", .algorithm), ("labels", .uint8),
                ("original TTL", .period), ("expiration", .signatureTime), ("inception", .signatureTime),
                ("key tag", .uint16), ("signer", .name), ("signature", .base64Rest),
            ]),
            RRType.nsec.rawValue: RdataSchema([("next name", .caseSensitiveName), ("type bitmap", .typeBitmap)]),
            RRType.dnskey.rawValue: dnskey,
            RRType.cdnskey.rawValue: dnskey,
            RRType.dhcid.rawValue: RdataSchema([("identifier", .base64Rest)]),
            RRType.nsec3.rawValue: RdataSchema(
                nsec3Parameters + [("next hashed owner", .hashedOwner), ("type bitmap", .typeBitmap)]
            ),
            RRType.nsec3param.rawValue: RdataSchema(nsec3Parameters),
            RRType.tlsa.rawValue: tlsa,
            RRType.smimea.rawValue: tlsa,
            RRType.openpgpkey.rawValue: RdataSchema([("public key", .base64Rest)]),
            RRType.csync.rawValue: RdataSchema([
                ("serial", .uint32), ("flags", .uint16), ("type bitmap", .typeBitmap),
            ]),
            RRType.zonemd.rawValue: RdataSchema([
                ("serial", .uint32), ("scheme", .uint8), ("hash algorithm", .uint8), ("digest", .hexRest),
            ]),
            RRType.svcb.rawValue: svcb,
            RRType.https.rawValue: svcb,
            RRType.uri.rawValue: RdataSchema([
                ("priority", .uint16), ("weight", .uint16), ("target", .quotedUnprefixedString),
            ]),
            RRType.caa.rawValue: RdataSchema([
                ("flags", .uint8), ("tag", .caaTag), ("value", .unprefixedString),
            ]),
        ]
    }()
}
