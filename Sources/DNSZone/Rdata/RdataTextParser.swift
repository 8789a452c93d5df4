/// Reads the rdata of one record from the lexer and appends its wire form.
struct RdataTextParser {
    /// Current `$ORIGIN` for relative names in rdata.
    var origin: [UInt8]
    private var scratch: [UInt8] = []
    private var nameScratch: [UInt8] = []

    init(origin: [UInt8]) {
        self.origin = origin
    }

    private static let algorithmMnemonics: [String: UInt8] = [
        "RSAMD5": 1, "DH": 2, "DSA": 3, "RSASHA1": 5, "DSA-NSEC3-SHA1": 6, "NSEC3DSA": 6,
        "RSASHA1-NSEC3-SHA1": 7, "NSEC3RSASHA1": 7, "RSASHA256": 8, "RSASHA512": 10,
        "ECC-GOST": 12, "ECCGOST": 12, "ECDSAP256SHA256": 13, "ECDSAP384SHA384": 14,
        "ED25519": 15, "ED448": 16, "INDIRECT": 252, "PRIVATEDNS": 253, "PRIVATEOID": 254,
    ]

    /// Parses the rdata of `type` up to and including the end of the line.
    mutating func parse(
        type: RRType, lexer: inout ZoneLexer, into output: inout [UInt8]
    ) throws(ZoneSyntaxError) {
        output.removeAll(keepingCapacity: true)
        let schema = RdataSchema.of(type)
        let first = try lexer.next(keyValueMode: false)
        if first.kind == .word, first.count == 2, lexer.bytes[first.start] == UInt8(ascii: "\\"),
            lexer.bytes[first.start + 1] == UInt8(ascii: "#")
        {
            try parseGeneric(type: type, schema: schema, lexer: &lexer, into: &output)
            return
        }
        guard let schema else {
            throw ZoneSyntaxError(
                line: first.line,
                reason: "record type \(type.mnemonic) must be written in the RFC 3597 form '\\# LENGTH HEX'")
        }
        var pending: ZoneToken? = first
        for (index, kind) in schema.kinds.enumerated() {
            var token: ZoneToken
            if let saved = pending {
                token = saved
                pending = nil
            } else {
                token = try lexer.next(keyValueMode: kind == .serviceParameters)
            }
            try parseField(kind, field: index, schema: schema, type: type, token: token, lexer: &lexer, into: &output)
            if isRest(kind) { return }
        }
        let trailing = try lexer.next()
        guard trailing.isEnd else {
            throw ZoneSyntaxError(
                line: trailing.line,
                reason: "extra data in \(type.mnemonic) record: '\(string(lexer.slice(trailing)))'")
        }
    }

    private func isRest(_ kind: RdataField) -> Bool {
        switch kind {
        case .characterStrings, .base64Rest, .hexRest, .digest, .typeBitmap, .unprefixedString,
            .quotedUnprefixedString, .serviceParameters:
            return true
        default:
            return false
        }
    }

    private func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.count > 60 ? String(text.prefix(60)) + "…" : text
    }

    private func missing(_ name: String, _ type: RRType, _ token: ZoneToken) -> ZoneSyntaxError {
        ZoneSyntaxError(line: token.line, reason: "\(type.mnemonic) record is missing its \(name)")
    }

    private mutating func parseField(
        _ kind: RdataField, field: Int, schema: RdataSchema, type: RRType, token: ZoneToken,
        lexer: inout ZoneLexer, into output: inout [UInt8]
    ) throws(ZoneSyntaxError) {
        var name: String { schema.names[field] }
        let needsToken: Bool
        switch kind {
        case .typeBitmap, .serviceParameters: needsToken = false
        default: needsToken = true
        }
        if needsToken && token.isEnd { throw missing(name, type, token) }
        let text = lexer.slice(token)
        func bad(_ what: String) -> ZoneSyntaxError {
            ZoneSyntaxError(line: token.line, reason: "\(type.mnemonic) record: \(name) '\(string(text))' \(what)")
        }
        switch kind {
        case .uint8, .uint16, .uint32:
            let maximum: UInt64 = kind == .uint8 ? 255 : kind == .uint16 ? 65535 : 4_294_967_295
            guard token.kind == .word, let value = TextEscapes.parseDecimal(text, maximum: maximum) else {
                throw bad("is not a number from 0 to \(maximum)")
            }
            appendInteger(value, kind: kind, to: &output)
        case .period:
            guard token.kind == .word, let value = TTLText.parse(text) else {
                throw bad("is not a number of seconds from 0 to 4294967295")
            }
            appendInteger(UInt64(value), kind: .uint32, to: &output)
        case .name, .caseSensitiveName:
            do {
                try DNSNameText.parse(text, origin: origin, into: &nameScratch, lowercased: kind == .name)
            } catch {
                throw bad("is not a valid domain name: \(error)")
            }
            output.append(contentsOf: nameScratch)
        case .ipv4:
            guard token.kind == .word, IPAddressText.parseIPv4(text, appendingTo: &output) else {
                throw bad("is not an IPv4 address")
            }
        case .ipv6:
            guard token.kind == .word, IPAddressText.parseIPv6(text, appendingTo: &output) else {
                throw bad("is not an IPv6 address")
            }
        case .characterString:
            try appendCharacterString(text, token: token, type: type, into: &output)
        case .characterStrings:
            var current = token
            while !current.isEnd {
                try appendCharacterString(lexer.slice(current), token: current, type: type, into: &output)
                current = try lexer.next()
            }
        case .base64Rest:
            scratch.removeAll(keepingCapacity: true)
            var current = token
            while !current.isEnd {
                scratch.append(contentsOf: lexer.slice(current))
                current = try lexer.next()
            }
            guard let decoded = Base64.decode(scratch) else { throw bad("is not valid base64") }
            output.append(contentsOf: decoded)
        case .hexRest, .digest:
            scratch.removeAll(keepingCapacity: true)
            var current = token
            while !current.isEnd {
                scratch.append(contentsOf: lexer.slice(current))
                current = try lexer.next()
            }
            guard let decoded = Base16.decode(scratch), !decoded.isEmpty else {
                throw bad("is not valid hexadecimal")
            }
            if kind == .digest, output.count == 4 {
                let expected: Int? = switch output[3] {
                case 1: 20
                case 2: 32
                case 4: 48
                default: nil
                }
                if let expected, decoded.count != expected {
                    throw ZoneSyntaxError(
                        line: token.line,
                        reason: "\(type.mnemonic) record: digest type \(output[3]) needs a \(expected)-octet digest, got \(decoded.count)")
                }
            }
            output.append(contentsOf: decoded)
        case .typeBitmap:
            var types: [UInt16] = []
            var current = token
            while !current.isEnd {
                let mnemonic = lexer.slice(current)
                guard current.kind == .word, let found = RRType.lookup(mnemonic, includeBitmapOnly: true) else {
                    throw ZoneSyntaxError(
                        line: current.line,
                        reason: "\(type.mnemonic) record: '\(string(mnemonic))' is not a record type")
                }
                types.append(found.rawValue)
                current = try lexer.next()
            }
            TypeBitmap.encode(types, into: &output)
        case .recordType:
            guard token.kind == .word, let found = RRType.lookup(text, includeBitmapOnly: true) else {
                throw bad("is not a record type")
            }
            appendInteger(UInt64(found.rawValue), kind: .uint16, to: &output)
        case .algorithm:
            if let value = TextEscapes.parseDecimal(text, maximum: 255) {
                output.append(UInt8(value))
            } else if let value = Self.algorithmMnemonics[String(decoding: text, as: UTF8.self).uppercased()] {
                output.append(value)
            } else {
                throw bad("is not a DNSSEC algorithm")
            }
        case .signatureTime:
            guard token.kind == .word, let value = DNSSECTime.parse(text) else {
                throw bad("is not a time (YYYYMMDDHHmmSS)")
            }
            appendInteger(UInt64(value), kind: .uint32, to: &output)
        case .salt:
            if token.count == 1 && text[0] == UInt8(ascii: "-") {
                output.append(0)
            } else {
                guard let decoded = Base16.decode(text), !decoded.isEmpty, decoded.count <= 255 else {
                    throw bad("is not a hexadecimal salt or '-'")
                }
                output.append(UInt8(decoded.count))
                output.append(contentsOf: decoded)
            }
        case .hashedOwner:
            guard let decoded = Base32Hex.decode(text), !decoded.isEmpty, decoded.count <= 255 else {
                throw bad("is not a base32hex hash")
            }
            output.append(UInt8(decoded.count))
            output.append(contentsOf: decoded)
        case .caaTag:
            guard token.kind == .word, !text.isEmpty, text.count <= 255,
                text.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || (($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A) })
            else { throw bad("must be 1 to 255 letters and digits") }
            output.append(UInt8(text.count))
            output.append(contentsOf: text)
        case .unprefixedString, .quotedUnprefixedString:
            if kind == .quotedUnprefixedString && token.kind != .quoted {
                throw bad("must be a quoted string")
            }
            scratch.removeAll(keepingCapacity: true)
            guard TextEscapes.unescape(text, into: &scratch) else { throw bad("has a bad escape") }
            let trailing = try lexer.next()
            guard trailing.isEnd else {
                throw ZoneSyntaxError(
                    line: trailing.line,
                    reason: "extra data in \(type.mnemonic) record: '\(string(lexer.slice(trailing)))'")
            }
            output.append(contentsOf: scratch)
        case .serviceParameters:
            var tokens: [[UInt8]] = []
            var current = token
            while !current.isEnd {
                var raw = Array(lexer.slice(current))
                if current.kind == .keyQuotedValue, let quote = raw.firstIndex(of: UInt8(ascii: "\"")) {
                    raw.remove(at: quote)
                    raw.removeLast()
                } else if current.kind == .quoted {
                    throw ZoneSyntaxError(
                        line: current.line, reason: "\(type.mnemonic) record: unexpected quoted string in parameters")
                }
                tokens.append(raw)
                current = try lexer.next(keyValueMode: true)
            }
            do {
                output.append(contentsOf: try SVCBParameters.parse(tokens))
            } catch {
                throw ZoneSyntaxError(line: token.line, reason: "\(type.mnemonic) record: \(error.reason)")
            }
        }
    }

    private mutating func appendCharacterString(
        _ text: UnsafeBufferPointer<UInt8>, token: ZoneToken, type: RRType, into output: inout [UInt8]
    ) throws(ZoneSyntaxError) {
        let lengthIndex = output.count
        output.append(0)
        guard TextEscapes.unescape(text, into: &output) else {
            throw ZoneSyntaxError(line: token.line, reason: "\(type.mnemonic) record: bad escape in string")
        }
        let length = output.count - lengthIndex - 1
        guard length <= 255 else {
            throw ZoneSyntaxError(
                line: token.line, reason: "\(type.mnemonic) record: string longer than 255 octets (\(length))")
        }
        output[lengthIndex] = UInt8(length)
    }

    private func appendInteger(_ value: UInt64, kind: RdataField, to output: inout [UInt8]) {
        switch kind {
        case .uint8:
            output.append(UInt8(truncatingIfNeeded: value))
        case .uint16:
            output.append(UInt8(truncatingIfNeeded: value >> 8))
            output.append(UInt8(truncatingIfNeeded: value))
        default:
            output.append(UInt8(truncatingIfNeeded: value >> 24))
            output.append(UInt8(truncatingIfNeeded: value >> 16))
            output.append(UInt8(truncatingIfNeeded: value >> 8))
            output.append(UInt8(truncatingIfNeeded: value))
        }
    }

    /// RFC 3597: `\# LENGTH HEX…`. Known types are checked and brought to canonical form by
    /// printing the wire data in typed form and parsing that again.
    private mutating func parseGeneric(
        type: RRType, schema: RdataSchema?, lexer: inout ZoneLexer, into output: inout [UInt8]
    ) throws(ZoneSyntaxError) {
        let lengthToken = try lexer.next()
        guard lengthToken.kind == .word,
            let length = TextEscapes.parseDecimal(lexer.slice(lengthToken), maximum: 65535)
        else {
            throw ZoneSyntaxError(line: lengthToken.line, reason: "\(type.mnemonic) record: '\\#' needs a length from 0 to 65535")
        }
        scratch.removeAll(keepingCapacity: true)
        var current = try lexer.next()
        while !current.isEnd {
            scratch.append(contentsOf: lexer.slice(current))
            current = try lexer.next()
        }
        guard let data = Base16.decode(scratch) else {
            throw ZoneSyntaxError(line: lengthToken.line, reason: "\(type.mnemonic) record: '\\#' data is not valid hexadecimal")
        }
        guard data.count == Int(length) else {
            throw ZoneSyntaxError(
                line: lengthToken.line,
                reason: "\(type.mnemonic) record: '\\#' length \(length) does not match the \(data.count) octet(s) of data")
        }
        guard schema != nil else {
            output.append(contentsOf: data)
            return
        }
        guard let text = RdataTextPrinter.format(type: type, rdata: data[...]) else {
            throw ZoneSyntaxError(line: lengthToken.line, reason: "\(type.mnemonic) record: '\\#' data is not a valid \(type.mnemonic) rdata")
        }
        var bytes = Array(text.utf8)
        bytes.append(0x0A)
        let savedOrigin = origin
        defer { origin = savedOrigin }
        origin = [0]
        try bytes.withUnsafeBufferPointer { buffer throws(ZoneSyntaxError) in
            var inner = ZoneLexer(bytes: buffer)
            do throws(ZoneSyntaxError) {
                try parse(type: type, lexer: &inner, into: &output)
            } catch {
                throw ZoneSyntaxError(line: lengthToken.line, reason: "\(type.mnemonic) record in '\\#' form: \(error.reason)")
            }
        }
    }
}
