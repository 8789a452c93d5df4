/// Checks on a record's rdata as a whole, beyond the syntax of each field, as BIND makes them
/// while loading.
enum RdataChecks {
    /// The reason the rdata is not acceptable, or nil.
    static func problem(type: RRType, rdata: [UInt8]) -> String? {
        switch type {
        case .rrsig:
            // The labels field counts the owner's labels, and the signer is the owner or above it.
            guard rdata.count > 18, let signerLength = DNSNameText.wireLength(rdata[...], from: 18) else { return nil }
            let signerLabels = DNSName(uncheckedWire: Array(rdata[18..<(18 + signerLength)])).labelCount
            if Int(rdata[3]) < signerLabels {
                return "RRSIG labels field \(rdata[3]) is below the \(signerLabels) label(s) of the signer name"
            }
        case .naptr:
            return naptrRegexpProblem(rdata)
        case .nsec3:
            // Hash algorithm 1 (SHA-1) hashes are 20 octets.
            guard rdata.count > 5 else { return nil }
            let saltEnd = 5 + Int(rdata[4])
            guard rdata[0] == 1, saltEnd < rdata.count else { return nil }
            let hashLength = Int(rdata[saltEnd])
            return hashLength == 20 ? nil : "NSEC3 next hashed owner must be 20 octets for hash algorithm 1, got \(hashLength)"
        case RRType(rawValue: 260):
            return amtrelayProblem(rdata)
        case RRType(rawValue: 108):
            return rdata.count == 6 ? nil : "EUI48 rdata must be 6 octets"
        case RRType(rawValue: 109):
            return rdata.count == 8 ? nil : "EUI64 rdata must be 8 octets"
        default:
            break
        }
        return nil
    }

    /// BIND's check of the NAPTR regexp field: empty, or `<d>regex<d>replacement<d>[i]` with a
    /// delimiter that is not a digit, backslash, `i` or NUL, back-references only to existing
    /// groups and balanced groups and brackets in the regex.
    private static func naptrRegexpProblem(_ rdata: [UInt8]) -> String? {
        var index = 4
        for _ in 0..<2 {  // skip flags and services
            guard index < rdata.count else { return nil }
            index += 1 + Int(rdata[index])
        }
        guard index < rdata.count else { return nil }
        let length = Int(rdata[index])
        guard length > 0, index + 1 + length <= rdata.count else { return nil }
        let field = Array(rdata[(index + 1)..<(index + 1 + length)])
        let bad = "NAPTR regexp is not of the form <delim>regex<delim>replacement<delim>[i]"
        let delimiter = field[0]
        if DNSNameText.isDigit(delimiter) || delimiter == UInt8(ascii: "\\") || delimiter == UInt8(ascii: "i")
            || delimiter == 0
        {
            return bad
        }
        var regex: [UInt8] = []
        var inReplacement = false
        var inFlags = false
        var highestReference = 0
        var position = 1
        while position < field.count {
            let byte = field[position]
            position += 1
            if byte == 0 { return bad }
            if byte == delimiter {
                if !inReplacement {
                    inReplacement = true
                } else if !inFlags {
                    inFlags = true
                } else {
                    return bad
                }
                continue
            }
            if inFlags {
                guard byte == UInt8(ascii: "i") else { return bad }
                continue
            }
            if !inReplacement { regex.append(byte) }
            if byte == UInt8(ascii: "\\") {
                guard position < field.count, field[position] != 0 else { return bad }
                let escaped = field[position]
                position += 1
                if inReplacement {
                    if escaped == UInt8(ascii: "0") { return bad }
                    if DNSNameText.isDigit(escaped) { highestReference = max(highestReference, Int(escaped - 48)) }
                } else {
                    regex.append(escaped)
                }
            }
        }
        guard inFlags else { return bad }
        guard let groups = regexGroupCount(regex), highestReference <= groups else {
            return "NAPTR regexp has an invalid regular expression"
        }
        return nil
    }

    /// Number of groups in a POSIX extended regex, nil when parentheses or brackets do not balance.
    private static func regexGroupCount(_ regex: [UInt8]) -> Int? {
        var groups = 0
        var depth = 0
        var index = 0
        while index < regex.count {
            let byte = regex[index]
            switch byte {
            case UInt8(ascii: "\\"):
                index += 1
            case UInt8(ascii: "("):
                groups += 1
                depth += 1
            case UInt8(ascii: ")"):
                depth -= 1
                if depth < 0 { return nil }
            case UInt8(ascii: "["):
                // A bracket expression runs to the first ']' that is not its first member.
                index += 1
                if index < regex.count && regex[index] == UInt8(ascii: "^") { index += 1 }
                if index < regex.count && regex[index] == UInt8(ascii: "]") { index += 1 }
                while index < regex.count && regex[index] != UInt8(ascii: "]") { index += 1 }
                if index >= regex.count { return nil }
            default:
                break
            }
            index += 1
        }
        return depth == 0 ? groups : nil
    }

    /// AMTRELAY (RFC 8777): precedence, D bit + relay type, then the relay in the form its type says.
    private static func amtrelayProblem(_ rdata: [UInt8]) -> String? {
        guard rdata.count >= 2 else { return "AMTRELAY rdata is too short" }
        let relay = rdata[2...]
        switch rdata[1] & 0x7F {
        case 0: return relay.isEmpty ? nil : "AMTRELAY with relay type 0 carries no relay"
        case 1: return relay.count == 4 ? nil : "AMTRELAY relay type 1 needs an IPv4 address"
        case 2: return relay.count == 16 ? nil : "AMTRELAY relay type 2 needs an IPv6 address"
        case 3:
            return DNSNameText.wireLength(rdata[...], from: 2) == relay.count ? nil : "AMTRELAY relay type 3 needs a domain name"
        default:
            return nil
        }
    }
}
