/// SvcParam value checks shared by parsing and formatting (as BIND 9.18 makes them).
extension SVCBParameters {
    /// Why `value` is not a valid wire value for `key`, or nil when it is (or the key is not
    /// one with rules). `mandatory` is checked here for shape only; presence of its keys is
    /// checked by `consistencyProblem`.
    static func valueProblem(key: UInt16, value: ArraySlice<UInt8>) -> String? {
        let count = value.count
        switch key {
        case Key.mandatory:
            guard count >= 2, count % 2 == 0 else { return "mandatory needs a whole, non-empty list of keys" }
            var previous = -1
            var index = value.startIndex
            while index < value.endIndex {
                let listed = Int(value[index]) << 8 | Int(value[index + 1])
                if listed == Int(Key.mandatory) { return "must not list mandatory itself" }
                guard listed > previous else { return "mandatory keys must be sorted and unique" }
                previous = listed
                index += 2
            }
            return nil
        case Key.alpn:
            guard count > 0 else { return "alpn needs at least one ALPN id" }
            var index = value.startIndex
            while index < value.endIndex {
                let length = Int(value[index])
                guard length > 0 else { return "empty ALPN id" }
                guard index + 1 + length <= value.endIndex else { return "truncated ALPN id" }
                index += 1 + length
            }
            return nil
        case Key.noDefaultALPN, Key.ohttp:
            return count == 0 ? nil : "must not have a value"
        case Key.port:
            return count == 2 ? nil : "port must be 2 bytes"
        case Key.ipv4hint:
            return count > 0 && count % 4 == 0 ? nil : "ipv4hint must be a non-empty list of 4-byte addresses"
        case Key.ipv6hint:
            return count > 0 && count % 16 == 0 ? nil : "ipv6hint must be a non-empty list of 16-byte addresses"
        case Key.dohpath:
            return dohpathProblem(value)
        default:
            return nil
        }
    }

    /// Record-level rules: every key listed in `mandatory` is present, and `no-default-alpn`
    /// comes with `alpn`. `keys` are the record's keys in any order.
    static func consistencyProblem(keys: some Collection<UInt16>, mandatory: ArraySlice<UInt8>?) -> String? {
        var hasALPN = false
        var hasNoDefaultALPN = false
        for key in keys {
            if key == Key.alpn { hasALPN = true }
            if key == Key.noDefaultALPN { hasNoDefaultALPN = true }
        }
        if hasNoDefaultALPN && !hasALPN {
            return "SvcParam no-default-alpn requires alpn in the same record"
        }
        if let mandatory {
            var index = mandatory.startIndex
            while index + 1 < mandatory.endIndex {
                let listed = UInt16(mandatory[index]) << 8 | UInt16(mandatory[index + 1])
                if !keys.contains(listed) {
                    return "SvcParam mandatory lists \(keyName(listed)), which is not in the record"
                }
                index += 2
            }
        }
        return nil
    }

    /// UTF-8 check as BIND's `isc_utf8_valid`: no overlong forms and nothing above U+10FFFF
    /// (encoded surrogates are let through).
    static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEF: length = 3
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return false
            }
            guard index + length <= bytes.endIndex else { return false }
            let second = bytes[index + 1]
            guard second >= lower && second <= upper else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
                return false
            }
            index += length
        }
        return true
    }

    private enum TemplateState {
        case literal, expressionStart, nameStart, name, explode, prefixStart, prefixDigits
    }

    /// Why a `dohpath` value is not acceptable, or nil. RFC 9461 asks for a relative URI
    /// Template (RFC 6570) with a `dns` variable; this is BIND 9.18's reading of that: it starts
    /// with `/`, is UTF-8, `%` is always followed by two hex digits, and every `{` opens an
    /// expression `{` [operator `+#./;?&`] varspec *(`,` varspec) `}` where a varspec is a name
    /// of letters, digits, `_` and `%XX`, optionally followed by `*` or `:` and 1–4 digits not
    /// starting with 0. One variable must be named exactly `dns`. Like BIND, a name that
    /// directly follows a `:N` prefix and its comma does not count as `dns` and may be empty.
    static func dohpathProblem(_ value: ArraySlice<UInt8>) -> String? {
        guard value.first == UInt8(ascii: "/") else { return "dohpath must start with \"/\"" }
        guard isValidUTF8(value) else { return "dohpath must be UTF-8" }
        let bad = "dohpath is not a valid URI template"
        var state = TemplateState.literal
        var nameStart = value.startIndex
        var nameCounts = false
        var prefixDigits = 0
        var hasDNSVariable = false
        var index = value.startIndex
        while index < value.endIndex {
            let byte = value[index]
            switch state {
            case .literal:
                if byte == UInt8(ascii: "%") {
                    guard isPercentEncoded(value, at: index) else { return bad }
                    index += 3
                    continue
                }
                if byte == UInt8(ascii: "{") { state = .expressionStart }
                index += 1
            case .expressionStart:
                switch byte {
                case UInt8(ascii: "+"), UInt8(ascii: "#"), UInt8(ascii: "."), UInt8(ascii: "/"),
                    UInt8(ascii: ";"), UInt8(ascii: "?"), UInt8(ascii: "&"):
                    index += 1
                default:
                    break
                }
                state = .nameStart
            case .nameStart:
                guard isVariableCharacter(byte) || byte == UInt8(ascii: "%") else { return bad }
                nameStart = index
                nameCounts = true
                state = .name
            case .name:
                if isVariableCharacter(byte) {
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "%") {
                    guard isPercentEncoded(value, at: index) else { return bad }
                    index += 3
                    continue
                }
                if nameCounts && value[nameStart..<index].elementsEqual(dnsVariableName) {
                    hasDNSVariable = true
                }
                switch byte {
                case UInt8(ascii: ","): state = .nameStart
                case UInt8(ascii: "}"): state = .literal
                case UInt8(ascii: "*"): state = .explode
                case UInt8(ascii: ":"): state = .prefixStart
                default: return bad
                }
                index += 1
            case .explode:
                switch byte {
                case UInt8(ascii: ","): state = .nameStart
                case UInt8(ascii: "}"): state = .literal
                default: return bad
                }
                index += 1
            case .prefixStart:
                guard byte >= UInt8(ascii: "1") && byte <= UInt8(ascii: "9") else { return bad }
                prefixDigits = 1
                state = .prefixDigits
                index += 1
            case .prefixDigits:
                if byte &- UInt8(ascii: "0") < 10 {
                    guard prefixDigits < 4 else { return bad }
                    prefixDigits += 1
                } else if byte == UInt8(ascii: ",") {
                    // BIND carries on as if still inside the previous name.
                    state = .name
                    nameCounts = false
                } else if byte == UInt8(ascii: "}") {
                    state = .literal
                } else {
                    return bad
                }
                index += 1
            }
        }
        guard state == .literal else { return bad }
        return hasDNSVariable ? nil : "dohpath must contain a \"dns\" variable, as in {?dns}"
    }

    static let dnsVariableName: [UInt8] = Array("dns".utf8)

    @inline(__always)
    static func isVariableCharacter(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10 || (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte == UInt8(ascii: "_")
    }

    @inline(__always)
    static func isPercentEncoded(_ bytes: ArraySlice<UInt8>, at index: Int) -> Bool {
        guard index + 2 < bytes.endIndex else { return false }
        return isHexDigit(bytes[index + 1]) && isHexDigit(bytes[index + 2])
    }

    @inline(__always)
    static func isHexDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10 || (byte | 0x20) &- UInt8(ascii: "a") < 6
    }
}
