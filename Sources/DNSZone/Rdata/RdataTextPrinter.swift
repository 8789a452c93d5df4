/// Turns wire rdata into presentation text: typed form for known types, RFC 3597 otherwise.
enum RdataTextPrinter {
    /// Presentation text of `rdata`, or nil when it is not a well-formed rdata of `type`.
    static func format(type: RRType, rdata: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        guard appendTyped(type: type, rdata: rdata, to: &out) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the presentation form, falling back to `\# LENGTH HEX` when the type has no
    /// typed form (or, defensively, when the wire data does not fit it).
    static func append(type: RRType, rdata: ArraySlice<UInt8>, to out: inout [UInt8]) {
        let mark = out.count
        if appendTyped(type: type, rdata: rdata, to: &out) { return }
        out.removeSubrange(mark...)
        appendGeneric(rdata: rdata, to: &out)
    }

    static func appendGeneric(rdata: ArraySlice<UInt8>, to out: inout [UInt8]) {
        out.append(contentsOf: "\\# ".utf8)
        TextEscapes.appendDecimal(rdata.count, to: &out)
        if !rdata.isEmpty {
            out.append(0x20)
            out.append(contentsOf: Base16.encode(rdata).utf8)
        }
    }

    /// Appends the typed presentation form; false if the type has none or the data is malformed.
    static func appendTyped(type: RRType, rdata: ArraySlice<UInt8>, to out: inout [UInt8]) -> Bool {
        guard let schema = RdataSchema.of(type) else { return false }
        var index = rdata.startIndex
        let end = rdata.endIndex
        var first = true
        func space(_ out: inout [UInt8]) {
            if !first { out.append(0x20) }
            first = false
        }
        func integer(_ width: Int) -> UInt64? {
            guard index + width <= end else { return nil }
            var value: UInt64 = 0
            for offset in 0..<width { value = value << 8 | UInt64(rdata[index + offset]) }
            index += width
            return value
        }
        for kind in schema.kinds {
            switch kind {
            case .uint8, .algorithm, .uint16, .uint32, .period:
                guard let value = kind.integerWidth.flatMap(integer) else { return false }
                space(&out)
                TextEscapes.appendDecimal(value, to: &out)
            case .recordType:
                guard let value = integer(2) else { return false }
                space(&out)
                out.append(contentsOf: RRType(rawValue: UInt16(value)).mnemonic.utf8)
            case .signatureTime:
                guard let value = integer(4) else { return false }
                space(&out)
                out.append(contentsOf: DNSSECTime.format(UInt32(value)).utf8)
            case .name, .caseSensitiveName:
                guard let length = DNSNameText.wireLength(rdata, from: index) else { return false }
                space(&out)
                let name = rdata[index..<(index + length)]
                // Wire data from RFC 3597 input may carry upper case; the parser folds it again.
                DNSNameText.appendAbsolute(name, to: &out)
                index += length
            case .ipv4:
                guard index + 4 <= end else { return false }
                space(&out)
                out.append(contentsOf: IPAddressText.formatIPv4(rdata[index..<(index + 4)]).utf8)
                index += 4
            case .ipv6:
                guard index + 16 <= end else { return false }
                space(&out)
                out.append(contentsOf: IPAddressText.formatIPv6(rdata[index..<(index + 16)]).utf8)
                index += 16
            case .characterString:
                guard index < end, index + 1 + Int(rdata[index]) <= end else { return false }
                let length = Int(rdata[index])
                space(&out)
                TextEscapes.appendQuoted(rdata[(index + 1)..<(index + 1 + length)], to: &out)
                index += 1 + length
            case .characterStrings:
                guard index < end else { return false }
                while index < end {
                    let length = Int(rdata[index])
                    guard index + 1 + length <= end else { return false }
                    space(&out)
                    TextEscapes.appendQuoted(rdata[(index + 1)..<(index + 1 + length)], to: &out)
                    index += 1 + length
                }
            case .base64Rest:
                guard index < end else { return false }
                space(&out)
                out.append(contentsOf: Base64.encode(rdata[index..<end]).utf8)
                index = end
            case .hexRest, .digest:
                guard index < end else { return false }
                space(&out)
                out.append(contentsOf: Base16.encode(rdata[index..<end]).utf8)
                index = end
            case .typeBitmap:
                guard let types = TypeBitmap.decode(rdata[index..<end]) else { return false }
                for code in types {
                    space(&out)
                    out.append(contentsOf: RRType(rawValue: code).mnemonic.utf8)
                }
                index = end
            case .salt:
                guard index < end, index + 1 + Int(rdata[index]) <= end else { return false }
                let length = Int(rdata[index])
                space(&out)
                if length == 0 {
                    out.append(UInt8(ascii: "-"))
                } else {
                    out.append(contentsOf: Base16.encode(rdata[(index + 1)..<(index + 1 + length)]).utf8)
                }
                index += 1 + length
            case .hashedOwner:
                guard index < end, rdata[index] > 0, index + 1 + Int(rdata[index]) <= end else { return false }
                let length = Int(rdata[index])
                space(&out)
                out.append(contentsOf: Base32Hex.encode(rdata[(index + 1)..<(index + 1 + length)]).utf8)
                index += 1 + length
            case .caaTag:
                guard index < end, rdata[index] > 0, index + 1 + Int(rdata[index]) <= end else { return false }
                let length = Int(rdata[index])
                let tag = rdata[(index + 1)..<(index + 1 + length)]
                guard tag.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || (($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A) })
                else { return false }
                space(&out)
                out.append(contentsOf: tag)
                index += 1 + length
            case .unprefixedString, .quotedUnprefixedString:
                space(&out)
                TextEscapes.appendQuoted(rdata[index..<end], to: &out)
                index = end
            case .serviceParameters:
                guard let text = SVCBParameters.format(rdata[index..<end]) else { return false }
                if !text.isEmpty {
                    space(&out)
                    out.append(contentsOf: text.utf8)
                }
                index = end
            }
        }
        return index == end
    }
}
