extension CoreDNSMySQLBackend {
    /// Why a zone cannot be stored, when it is DNSSEC-signed (holds RRSIG records); nil otherwise.
    /// coredns_mysql_extend answers a query with the rows of exactly the asked name and type: it
    /// never adds an RRSIG to an answer (DO bit or not), puts nothing in the authority section, and
    /// hands a name it has no row for to the next plugin, so it cannot give a validating resolver
    /// signatures or NSEC/NSEC3 denial. Checked before any row is written, so a signed zone is
    /// refused whole instead of half stored. Records without signatures (DS at a delegation, a
    /// DNSKEY or CDS published unsigned) are ordinary rows and stay allowed.
    static func dnssecRefusal(_ desired: [RecordKey: UInt32]) -> String? {
        let types = Set(desired.keys.map(\.type))
        guard types.contains("RRSIG") else { return nil }
        let found = types.intersection(["RRSIG", "NSEC", "NSEC3", "NSEC3PARAM", "DNSKEY"])
        return "DNSSEC-signed zone refused (\(found.sorted().joined(separator: ", ")) records): coredns_mysql_extend "
            + "cannot serve signatures or NSEC/NSEC3 denial; serve signed zones from a bind, nsd, knot or powerdns backend"
    }
}
