/// Parses RFC 1035 master files as DirectAdmin and people write them, and validates the result
/// the way `named-checkzone` does by default.
///
/// `$INCLUDE` is always refused: a pushed zone must never make us read a file.
public enum ZoneParser {
    /// Parses and validates `text` as the zone `origin`.
    public static func parse(_ text: String, origin: DNSName) throws(ZoneError) -> Zone {
        try parse(Array(text.utf8), origin: origin)
    }

    /// Parses and validates raw bytes (any encoding; names and strings are taken as bytes).
    public static func parse(_ bytes: [UInt8], origin: DNSName) throws(ZoneError) -> Zone {
        var result: Result<Zone, ZoneError> = .failure(ZoneError(line: 0, reason: "not parsed"))
        bytes.withUnsafeBufferPointer { buffer in
            var reader = MasterFileReader(bytes: buffer, origin: origin)
            do throws(ZoneError) {
                result = .success(try reader.read())
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }
}

/// The record loop over one master file.
struct MasterFileReader {
    private var lexer: ZoneLexer
    private var builder: ZoneBuilder
    private var rdataParser: RdataTextParser
    /// Current `$ORIGIN` (wire).
    private var currentOrigin: [UInt8]
    private var defaultTTL: UInt32?
    private var lastTTL: UInt32?
    private var lastOwner: UInt32?
    /// Wire form of the last owner, to skip re-interning a repeated owner text.
    private var lastOwnerText: (start: Int, end: Int)?
    private var lastOwnerInZone = true
    /// The last owner exactly as written (case kept): BIND starts a new TTL block when it changes.
    private var lastOwnerExact: [UInt8] = []
    private var startsBlock = true
    private var ownerScratch: [UInt8] = []
    private var rdata: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, origin: DNSName) {
        lexer = ZoneLexer(bytes: bytes)
        // About one record per 35 octets in real zones: size the tables once.
        builder = ZoneBuilder(origin: origin, expectedRecords: bytes.count / 35 + 16)
        rdataParser = RdataTextParser(origin: origin.wire)
        currentOrigin = origin.wire
    }

    mutating func read() throws(ZoneError) -> Zone {
        do {
            try readRecords()
        } catch {
            throw ZoneError(line: error.line, reason: error.reason)
        }
        return try builder.finish()
    }

    private func text(_ token: ZoneToken) -> String {
        String(decoding: lexer.slice(token), as: UTF8.self)
    }

    private mutating func readRecords() throws(ZoneSyntaxError) {
        while true {
            let blankOwner = lexer.lineStartsWithBlank
            var token = try lexer.next()
            if token.kind == .endOfFile { return }
            if token.kind == .endOfLine { continue }
            let line = token.line
            var ownerInZone = lastOwnerInZone
            if blankOwner {
                guard lastOwner != nil || !lastOwnerInZone else {
                    throw ZoneSyntaxError(line: line, reason: "record has no owner name and there is no previous owner")
                }
            } else {
                let bytes = lexer.slice(token)
                if token.kind == .word, bytes.first == UInt8(ascii: "$") {
                    try readDirective(token)
                    continue
                }
                ownerInZone = try readOwner(token)
                token = try lexer.next()
            }
            // TTL and class in either order, both optional.
            var ttl: UInt32?
            var sawClass = false
            while true {
                guard token.kind == .word else {
                    if token.isEnd {
                        throw ZoneSyntaxError(line: line, reason: "record has no type")
                    }
                    throw ZoneSyntaxError(line: token.line, reason: "unexpected quoted string '\(text(token))' where a type was expected")
                }
                let bytes = lexer.slice(token)
                if ttl == nil, TTLText.looksLikeTTL(bytes) {
                    guard let value = TTLText.parse(bytes) else {
                        throw ZoneSyntaxError(line: token.line, reason: "'\(text(token))' is not a valid TTL")
                    }
                    ttl = value
                } else if !sawClass, let isIN = Self.classToken(bytes) {
                    guard isIN else {
                        throw ZoneSyntaxError(line: token.line, reason: "class '\(text(token))' does not match the zone class IN")
                    }
                    sawClass = true
                } else {
                    break
                }
                token = try lexer.next()
            }
            guard let type = FastTypeLookup.type(lexer.slice(token)) else {
                throw ZoneSyntaxError(line: token.line, reason: "unknown record type '\(text(token))'")
            }
            guard !FastTypeLookup.isMetaType(type) else {
                throw ZoneSyntaxError(line: token.line, reason: "record type \(text(token)) cannot appear in a zone")
            }
            try rdataParser.parse(type: type, lexer: &lexer, into: &rdata)
            let effectiveTTL = try resolveTTL(explicit: ttl, type: type, line: line)
            guard ownerInZone, let owner = lastOwner else {
                builder.warnOutOfZone(line: line)
                continue
            }
            guard builder.canAdd(rdataCount: rdata.count) else {
                throw ZoneSyntaxError(line: line, reason: "zone too large")
            }
            if let problem = RdataChecks.problem(type: type, rdata: rdata) {
                throw ZoneSyntaxError(line: line, reason: problem)
            }
            guard rdata.count <= 65535 else {
                throw ZoneSyntaxError(line: line, reason: "\(type.mnemonic) record: rdata longer than 65535 octets (\(rdata.count))")
            }
            builder.add(
                ownerID: owner, type: type.rawValue, ttl: effectiveTTL, rdata: rdata, line: line, startsBlock: startsBlock)
            startsBlock = false
        }
    }

    /// The TTL of a record per RFC 2308 and BIND: explicit, else `$TTL`, else the previous
    /// record's, else (first record, SOA) the SOA minimum.
    private mutating func resolveTTL(explicit: UInt32?, type: RRType, line: Int) throws(ZoneSyntaxError) -> UInt32 {
        var value: UInt32
        if let explicit {
            value = explicit
        } else if let defaultTTL {
            value = defaultTTL
        } else if let lastTTL {
            value = lastTTL
        } else if type == .soa, rdata.count >= 4 {
            value = rdata.suffix(4).reduce(0) { $0 << 8 | UInt32($1) }
            builder.warn(line: line, "no TTL specified; using the SOA minimum (\(value)) instead")
            // BIND then treats the minimum like a $TTL for the records that follow.
            defaultTTL = try ZoneLimits.checkTTL(value, line: line, builder: &builder)
        } else {
            throw ZoneSyntaxError(line: line, reason: "no TTL specified and no $TTL before this record")
        }
        value = try ZoneLimits.checkTTL(value, line: line, builder: &builder)
        lastTTL = value
        return value
    }

    /// Reads the owner field; returns false when the owner is outside the zone.
    private mutating func readOwner(_ token: ZoneToken) throws(ZoneSyntaxError) -> Bool {
        guard token.kind == .word else {
            throw ZoneSyntaxError(line: token.line, reason: "owner name cannot be a quoted string")
        }
        let bytes = lexer.slice(token)
        if let previous = lastOwnerText, previous.end - previous.start == bytes.count,
            UnsafeBufferPointer(rebasing: lexer.bytes[previous.start..<previous.end]).elementsEqual(bytes)
        {
            return lastOwnerInZone
        }
        do {
            try DNSNameText.parse(bytes, origin: currentOrigin, into: &ownerScratch, lowercased: false)
        } catch {
            throw ZoneSyntaxError(line: token.line, reason: "bad owner name '\(text(token))': \(error)")
        }
        if ownerScratch != lastOwnerExact {
            startsBlock = true
            lastOwnerExact.removeAll(keepingCapacity: true)
            lastOwnerExact.append(contentsOf: ownerScratch)
        }
        for index in ownerScratch.indices { ownerScratch[index] = DNSNameText.lowercase(ownerScratch[index]) }
        // Relative names depend on $ORIGIN, so only remember the text while the origin holds.
        lastOwnerText = (token.start, token.end)
        lastOwner = builder.ownerID(ownerScratch)
        lastOwnerInZone = lastOwner != nil
        return lastOwnerInZone
    }

    private mutating func readDirective(_ token: ZoneToken) throws(ZoneSyntaxError) {
        let name = text(token).uppercased()
        switch name {
        case "$ORIGIN":
            let argument = try lexer.next()
            guard argument.kind == .word else {
                throw ZoneSyntaxError(line: token.line, reason: "$ORIGIN needs a domain name")
            }
            var wire: [UInt8] = []
            do {
                try DNSNameText.parse(lexer.slice(argument), origin: currentOrigin, into: &wire)
            } catch {
                throw ZoneSyntaxError(line: token.line, reason: "bad $ORIGIN '\(text(argument))': \(error)")
            }
            currentOrigin = wire
            rdataParser.origin = wire
            lastOwnerText = nil
        case "$TTL":
            let argument = try lexer.next()
            guard argument.kind == .word, let value = TTLText.parse(lexer.slice(argument)) else {
                throw ZoneSyntaxError(line: token.line, reason: "$TTL needs a TTL such as 3600 or 1h")
            }
            defaultTTL = try ZoneLimits.checkTTL(value, line: token.line, builder: &builder)
        case "$INCLUDE":
            throw ZoneSyntaxError(line: token.line, reason: "$INCLUDE is not allowed: zones must be self-contained")
        case "$GENERATE":
            throw ZoneSyntaxError(line: token.line, reason: "$GENERATE is not supported")
        default:
            throw ZoneSyntaxError(line: token.line, reason: "unknown directive \(text(token))")
        }
        let trailing = try lexer.next()
        guard trailing.isEnd else {
            throw ZoneSyntaxError(line: trailing.line, reason: "extra data after \(name): '\(text(trailing))'")
        }
    }

    /// nil when the token is not a class; true for IN, false for another class.
    private static func classToken(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        if bytes.count == 2 {
            let a = bytes[0] | 0x20, b = bytes[1] | 0x20
            if a == UInt8(ascii: "i") && b == UInt8(ascii: "n") { return true }
            if (a == UInt8(ascii: "c") && (b == UInt8(ascii: "h") || b == UInt8(ascii: "s")))
                || (a == UInt8(ascii: "h") && b == UInt8(ascii: "s"))
            {
                return false
            }
            return nil
        }
        let upper = String(decoding: bytes, as: UTF8.self).uppercased()
        if upper == "NONE" || upper == "ANY" { return false }
        if upper.hasPrefix("CLASS"), let value = UInt16(upper.dropFirst(5)) {
            return value == 1
        }
        return nil
    }
}
