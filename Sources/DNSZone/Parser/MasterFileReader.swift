/// The record loop over one master file.
struct MasterFileReader {
    private var lexer: ZoneLexer
    private(set) var builder: ZoneBuilder
    private var rdataParser: RdataTextParser
    /// Current `$ORIGIN` (wire).
    private(set) var currentOrigin: [UInt8]
    private(set) var defaultTTL: UInt32?
    private var lastTTL: UInt32?
    private var lastOwner: UInt32?
    /// Where the last owner was written in the input, to skip re-parsing the same text.
    private var lastOwnerText: (start: Int, end: Int)?
    private var lastOwnerInZone = true
    /// The last owner exactly as written (case kept): BIND starts a new TTL block when it changes.
    private(set) var lastOwnerExact: [UInt8] = []
    /// The first owner read, exactly as written (for joining a split read).
    private(set) var firstOwnerExact: [UInt8]?
    private var startsBlock = true
    private var ownerScratch: [UInt8] = []
    /// Hands back input already read (a mapped file's pages): called now and then with a byte
    /// range of the whole input, offset by `releaseBase`, that will not be read again.
    var releaseInput: ((Range<Int>) -> Void)?
    /// Where `bytes` start within the whole input.
    var releaseBase = 0
    private var releasedUpTo = 0
    private var recordsSinceRelease = 0
    private var rdata: [UInt8] = []

    /// `startOrigin`/`startTTL`: the `$ORIGIN` and `$TTL` in force where `bytes` begin (when
    /// reading the second part of a split file).
    /// `reserveFor`: input size to size the record arenas for (default: `bytes.count`).
    init(
        bytes: UnsafeBufferPointer<UInt8>, origin: DNSName, startOrigin: [UInt8]? = nil, startTTL: UInt32? = nil,
        reserveFor: Int? = nil
    ) {
        lexer = ZoneLexer(bytes: bytes)
        builder = ZoneBuilder(origin: origin, inputSize: reserveFor ?? bytes.count)
        currentOrigin = startOrigin ?? origin.wire
        rdataParser = RdataTextParser(origin: currentOrigin)
        defaultTTL = startTTL
    }

    /// Hands the builder over (leaving an empty one), so it can grow without being copied.
    mutating func takeBuilder() -> ZoneBuilder {
        var taken = ZoneBuilder(origin: builder.origin)
        swap(&taken, &builder)
        return taken
    }

    /// Number of lines read (the line the lexer is on).
    var line: Int { lexer.line }

    /// Reads and validates the whole input.
    mutating func read() throws(ZoneError) -> Zone {
        try readAll()
        return try builder.finish()
    }

    /// Reads every record into the builder, without the zone-level checks.
    mutating func readAll() throws(ZoneError) {
        do {
            try readRecords()
        } catch {
            throw ZoneError(line: error.line, reason: error.reason)
        }
        // Everything is in the builder now; the input is not looked at again.
        releaseReadInput(all: true)
    }

    private func text(_ token: ZoneToken) -> String {
        String(decoding: lexer.slice(token), as: UTF8.self)
    }

    private mutating func readRecords() throws(ZoneSyntaxError) {
        while true {
            if releaseInput != nil {
                recordsSinceRelease += 1
                if recordsSinceRelease == 4096 {
                    recordsSinceRelease = 0
                    releaseReadInput()
                }
            }
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

    /// Releases whole megabytes well behind the current position (the last owner's text, which
    /// may lie further back, is read back from the file if it is ever touched again).
    private mutating func releaseReadInput(all: Bool = false) {
        let chunk = 1 << 20
        let limit = all ? lexer.bytes.count : lexer.position - chunk
        guard limit > releasedUpTo + (all ? 0 : chunk), let releaseInput else { return }
        releaseInput((releaseBase + releasedUpTo)..<(releaseBase + limit))
        releasedUpTo = limit
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
        // Relative names depend on $ORIGIN, so only remember the text while the origin holds.
        lastOwnerText = (token.start, token.end)
        // The same name as the previous owner (spelled the same way) is the same owner and
        // continues BIND's TTL block.
        if ownerScratch == lastOwnerExact && lastOwner != nil { return lastOwnerInZone }
        startsBlock = true
        if firstOwnerExact == nil { firstOwnerExact = ownerScratch }
        lastOwnerExact.removeAll(keepingCapacity: true)
        lastOwnerExact.append(contentsOf: ownerScratch)
        for index in ownerScratch.indices { ownerScratch[index] = DNSNameText.lowercase(ownerScratch[index]) }
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
