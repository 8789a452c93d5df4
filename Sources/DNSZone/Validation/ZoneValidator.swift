/// The zone-level checks `named-checkzone` makes by default (with `-i local`): SOA and NS at the
/// apex, CNAME exclusivity, singleton types, in-zone name server addresses; and its warnings for
/// MX/SRV targets and host-name syntax (check-names).
struct ZoneValidator {
    let origin: DNSName
    let storage: RecordStorage

    /// Bits describing which types an owner name has.
    private struct OwnerTypes: OptionSet {
        let rawValue: UInt16
        static let soa = OwnerTypes(rawValue: 1 << 0)
        static let ns = OwnerTypes(rawValue: 1 << 1)
        static let cname = OwnerTypes(rawValue: 1 << 2)
        static let dname = OwnerTypes(rawValue: 1 << 3)
        static let address = OwnerTypes(rawValue: 1 << 4)
        /// Any type that may not share a name with a CNAME.
        static let other = OwnerTypes(rawValue: 1 << 5)
    }

    /// Types allowed beside a CNAME (DNSSEC records of the CNAME itself).
    private static func allowedAtCNAME(_ type: UInt16) -> Bool {
        type == RRType.rrsig.rawValue || type == RRType.nsec.rawValue || type == RRType.key.rawValue
            || type == RRType.sig.rawValue || type == RRType.nxt.rawValue
    }

    /// The DNAME owner strictly above `target` (within the zone), if any.
    private func dnameAbove(_ target: ArraySlice<UInt8>, types: [OwnerTypes], resolver: NameResolver) -> String? {
        var index = target.startIndex
        while index < target.endIndex, target[index] != 0 {
            index += Int(target[index]) + 1
            let ancestor = target[index...]
            guard DNSNameText.isSubdomain(ancestor, of: origin.wire[...]) else { return nil }
            if let id = resolver.id(of: ancestor), types[Int(id)].contains(.dname) {
                return DNSNameText.format(ancestor)
            }
        }
        return nil
    }

    /// The names the checks look up: NS, MX and SRV targets, and the ancestors of apex NS
    /// targets (for DNAMEs above them).
    private func targetQueries(apex: UInt32) -> [ArraySlice<UInt8>] {
        var queries: [ArraySlice<UInt8>] = []
        for entry in storage.entries {
            let rdata = storage.rdata(of: entry)
            switch entry.type {
            case RRType.ns.rawValue:
                queries.append(rdata)
                guard entry.owner == apex else { continue }
                var index = rdata.startIndex
                while index < rdata.endIndex, rdata[index] != 0 {
                    index += Int(rdata[index]) + 1
                    queries.append(rdata[index...])
                }
            case RRType.mx.rawValue where rdata.count > 2:
                queries.append(rdata[(rdata.startIndex + 2)...])
            case RRType.srv.rawValue where rdata.count > 6:
                queries.append(rdata[(rdata.startIndex + 6)...])
            default:
                break
            }
        }
        return queries
    }

    func validate(warn: (Int, String) -> Void) throws(ZoneError) {
        let entries = storage.entries
        let names = storage.names
        var ownerTypes = [OwnerTypes](repeating: [], count: names.count)
        let apex = names.apexID
        var soaCount = 0
        var soaLine = 0

        // Pass 1: types per owner, singleton and CNAME rules (entries are grouped by owner/type).
        var index = 0
        while index < entries.count {
            let entry = entries[index]
            var end = index + 1
            while end < entries.count, entries[end].owner == entry.owner, entries[end].type == entry.type {
                end += 1
            }
            let count = end - index
            let line = Int(entry.line)
            let type = entry.type
            var bits: OwnerTypes
            switch type {
            case RRType.soa.rawValue:
                bits = [.soa, .other]
                guard entry.owner == apex else {
                    throw ZoneError(line: line, reason: "SOA record for \(names.name(entry.owner).text) is not at the zone apex \(origin.text)")
                }
                soaCount += count
                soaLine = line
            case RRType.ns.rawValue: bits = [.ns, .other]
            case RRType.cname.rawValue:
                bits = .cname
                if count > 1 {
                    throw ZoneError(line: Int(entries[index + 1].line), reason: "\(names.name(entry.owner).text) has more than one CNAME record")
                }
            case RRType.dname.rawValue:
                bits = [.dname, .other]
                if count > 1 {
                    throw ZoneError(line: Int(entries[index + 1].line), reason: "\(names.name(entry.owner).text) has more than one DNAME record")
                }
            case RRType.a.rawValue, RRType.aaaa.rawValue: bits = [.address, .other]
            default:
                bits = Self.allowedAtCNAME(type) ? [] : .other
            }
            let before = ownerTypes[Int(entry.owner)]
            let after = before.union(bits)
            if after.contains(.cname) && after.contains(.other) {
                throw ZoneError(line: line, reason: "\(names.name(entry.owner).text) has a CNAME record and other data (CNAME must stand alone)")
            }
            ownerTypes[Int(entry.owner)] = after
            index = end
        }
        guard let apex, soaCount > 0 else {
            throw ZoneError(line: 0, reason: "zone \(origin.text) has no SOA record at its apex")
        }
        guard soaCount == 1 else {
            throw ZoneError(line: soaLine, reason: "zone \(origin.text) has more than one SOA record")
        }
        guard ownerTypes[Int(apex)].contains(.ns) else {
            throw ZoneError(line: soaLine, reason: "zone \(origin.text) has no NS records at its apex")
        }
        try DNSSECApexChecks(storage: storage, apex: apex).validate()

        // Pass 2: targets of NS (errors), MX and SRV (warnings), and host-name syntax (warnings).
        let resolver = NameResolver(table: names, names: targetQueries(apex: apex))
        func targetTypes(_ target: ArraySlice<UInt8>) -> OwnerTypes? {
            guard DNSNameText.isSubdomain(target, of: origin.wire[...]) else { return nil }
            guard let id = resolver.id(of: target) else { return [] }
            return ownerTypes[Int(id)]
        }
        let originIsHostName = HostNameRules.isHostName(origin.wire[...], allowWildcard: false)
        for entry in entries {
            let line = Int(entry.line)
            let rdata = storage.rdata(of: entry)
            switch entry.type {
            case RRType.ns.rawValue:
                let target = rdata
                let owner = names.wire(entry.owner)[...]
                if owner.count > 2, owner[owner.startIndex] == 1, owner[owner.startIndex + 1] == UInt8(ascii: "*") {
                    throw ZoneError(line: line, reason: "NS record at a wildcard name \(DNSNameText.format(owner)) (illegal)")
                }
                if let types = targetTypes(target) {
                    // At the apex a broken name server fails the load; at a delegation BIND only warns.
                    let problem: String?
                    if types.contains(.cname) {
                        problem = "NS '\(DNSNameText.format(target))' is a CNAME (illegal)"
                    } else if !types.contains(.address) {
                        problem = "NS '\(DNSNameText.format(target))' has no address records (A or AAAA)"
                    } else if entry.owner == apex, let dname = dnameAbove(target, types: ownerTypes, resolver: resolver) {
                        problem = "NS '\(DNSNameText.format(target))' is below a DNAME at \(dname)"
                    } else {
                        problem = nil
                    }
                    if let problem {
                        if entry.owner == apex { throw ZoneError(line: line, reason: problem) }
                        warn(line, problem)
                    }
                }
                if !HostNameRules.isHostName(target, allowWildcard: false) {
                    warn(line, "NS target '\(DNSNameText.format(target))' is not a valid host name (check-names)")
                }
            case RRType.mx.rawValue, RRType.srv.rawValue:
                let isMX = entry.type == RRType.mx.rawValue
                let target = rdata[(rdata.startIndex + (isMX ? 2 : 6))...]
                let label = isMX ? "MX" : "SRV"
                if target.count == 1 { continue }  // "." means no service
                if let types = targetTypes(target) {
                    if types.contains(.cname) {
                        warn(line, "\(label) '\(DNSNameText.format(target))' is a CNAME (illegal)")
                    } else if !types.contains(.address) {
                        warn(line, "\(label) '\(DNSNameText.format(target))' has no address records (A or AAAA)")
                    }
                }
                if !HostNameRules.isHostName(target, allowWildcard: false) {
                    warn(line, "\(label) target '\(DNSNameText.format(target))' is not a valid host name (check-names)")
                }
            case RRType.ds.rawValue where entry.owner == apex:
                throw ZoneError(line: line, reason: "DS record at the zone apex (DS records belong in the parent zone)")
            case RRType.nsec3.rawValue:
                let owner = names.wire(entry.owner)[...]
                let label = owner[(owner.startIndex + 1)..<(owner.startIndex + 1 + Int(owner[owner.startIndex]))]
                let parent = owner[(owner.startIndex + 1 + label.count)...]
                if !parent.elementsEqual(origin.wire) || Base32Hex.decode(label) == nil {
                    throw ZoneError(line: line, reason: "NSEC3 owner \(DNSNameText.format(owner)) is not a base32hex hash directly below the apex")
                }
            case RRType.a.rawValue, RRType.aaaa.rawValue:
                let owner = names.prefix(entry.owner)
                if !(originIsHostName && HostNameRules.isHostName(owner, allowWildcard: true)) {
                    warn(line, "owner '\(names.name(entry.owner).text)' of an address record is not a valid host name (check-names)")
                }
            default:
                break
            }
        }
    }
}
