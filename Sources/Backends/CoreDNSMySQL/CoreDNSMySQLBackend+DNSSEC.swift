extension CoreDNSMySQLBackend {
    /// The record types of a signed zone. coredns_mysql_extend answers a query with the rows of
    /// exactly the asked name and type: it never adds an RRSIG to an answer (DO bit or not), puts
    /// nothing in the authority section, and hands a name it has no row for to the next plugin,
    /// so it cannot give a validating resolver signatures or NSEC/NSEC3 denial. A DS (a signed
    /// child's delegation) is an ordinary row and stays allowed.
    static let signedZoneTypes: Set<String> = ["RRSIG", "NSEC", "NSEC3", "NSEC3PARAM", "DNSKEY"]

    /// Why a zone cannot be stored, when it is DNSSEC-signed; nil otherwise. Checked before any
    /// row is written, so a signed zone is refused whole instead of half stored.
    static func dnssecRefusal(_ desired: [RecordKey: UInt32]) -> String? {
        let found = Set(desired.keys.map(\.type)).intersection(signedZoneTypes)
        guard !found.isEmpty else { return nil }
        return "DNSSEC-signed zone refused (\(found.sorted().joined(separator: ", ")) records): coredns_mysql_extend "
            + "cannot serve signatures or NSEC/NSEC3 denial; serve signed zones from a bind, nsd, knot or powerdns backend"
    }
}
