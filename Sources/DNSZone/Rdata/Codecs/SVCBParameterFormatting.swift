/// SvcParams: wire form to presentation text.
extension SVCBParameters {
    /// Splits and checks wire params; nil when malformed. Each entry is the key and the range
    /// of its value in `wire`.
    static func parseWire(_ wire: UnsafeBufferPointer<UInt8>) -> [(key: UInt16, value: Range<Int>)]? {
        var params: [(key: UInt16, value: Range<Int>)] = []
        var index = 0
        var previous = -1
        while index < wire.count {
            guard index + 4 <= wire.count else { return nil }
            let key = UInt16(wire[index]) << 8 | UInt16(wire[index + 1])
            let length = Int(wire[index + 2]) << 8 | Int(wire[index + 3])
            index += 4
            guard Int(key) > previous, index + length <= wire.count else { return nil }
            previous = Int(key)
            let range = index..<(index + length)
            let value = ArraySlice(UnsafeBufferPointer(rebasing: wire[range]))
            guard valueProblem(key: key, value: value) == nil else { return nil }
            params.append((key, range))
            index += length
        }
        let mandatory = params.first { $0.key == Key.mandatory }
            .map { ArraySlice(UnsafeBufferPointer(rebasing: wire[$0.value])) }
        guard consistencyProblem(keys: params.lazy.map(\.key), mandatory: mandatory) == nil else { return nil }
        return params
    }

    static func format(buffer wire: UnsafeBufferPointer<UInt8>) -> String? {
        guard let params = parseWire(wire) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(wire.count * 2)
        for (position, param) in params.enumerated() {
            if position > 0 { output.append(UInt8(ascii: " ")) }
            output.append(contentsOf: printedName(param.key).utf8)
            let value = UnsafeBufferPointer(rebasing: wire[param.value])
            if value.isEmpty { continue }
            output.append(UInt8(ascii: "="))
            switch param.key {
            case Key.mandatory:
                var index = 0
                while index < value.count {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    output.append(contentsOf: printedName(UInt16(value[index]) << 8 | UInt16(value[index + 1])).utf8)
                    index += 2
                }
            case Key.alpn:
                output.append(UInt8(ascii: "\""))
                var index = 0
                while index < value.count {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    let length = Int(value[index])
                    for byte in value[(index + 1)..<(index + 1 + length)] {
                        switch byte {
                        case UInt8(ascii: ","):
                            output.append(contentsOf: [0x5C, 0x5C, 0x2C])  // \\,
                        case UInt8(ascii: "\\"):
                            output.append(contentsOf: [0x5C, 0x5C, 0x5C, 0x5C])  // \\\\  (two-level escape)
                        case UInt8(ascii: " "):
                            output.append(contentsOf: [0x5C, 0x30, 0x33, 0x32])  // \032, as BIND prints it
                        default:
                            TextEscapes.appendQuotedByte(byte, to: &output)
                        }
                    }
                    index += 1 + length
                }
                output.append(UInt8(ascii: "\""))
            case Key.port:
                appendDecimal(Int(value[0]) << 8 | Int(value[1]), to: &output)
            case Key.ipv4hint, Key.ipv6hint:
                let size = param.key == Key.ipv4hint ? 4 : 16
                var index = 0
                while index < value.count {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    let address = UnsafeBufferPointer(rebasing: value[index..<(index + size)])
                    _ = size == 4
                        ? IPAddressText.appendIPv4(address, to: &output)
                        : IPAddressText.appendIPv6(address, to: &output)
                    index += size
                }
            case Key.ech:
                output.append(contentsOf: Base64.encode(value).utf8)
            default:
                output.append(UInt8(ascii: "\""))
                for byte in value { TextEscapes.appendQuotedByte(byte, to: &output) }
                output.append(UInt8(ascii: "\""))
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func appendDecimal(_ value: Int, to output: inout [UInt8]) {
        output.append(contentsOf: String(value).utf8)
    }

    @inline(__always)
    static func appendUInt16(_ value: UInt16, to output: inout [UInt8]) {
        output.append(UInt8(truncatingIfNeeded: value >> 8))
        output.append(UInt8(truncatingIfNeeded: value))
    }

    /// A byte string shown in an error message, in double quotes.
    static func quoted(_ bytes: ArraySlice<UInt8>) -> String {
        var output: [UInt8] = [UInt8(ascii: "\"")]
        for byte in bytes.prefix(64) { TextEscapes.appendQuotedByte(byte, to: &output) }
        if bytes.count > 64 { output.append(contentsOf: "...".utf8) }
        output.append(UInt8(ascii: "\""))
        return String(decoding: output, as: UTF8.self)
    }
}
