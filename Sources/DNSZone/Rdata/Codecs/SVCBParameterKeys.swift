/// SvcParam key numbers and their names.
extension SVCBParameters {
    enum Key {
        static let mandatory: UInt16 = 0
        static let alpn: UInt16 = 1
        static let noDefaultALPN: UInt16 = 2
        static let port: UInt16 = 3
        static let ipv4hint: UInt16 = 4
        static let ech: UInt16 = 5
        static let ipv6hint: UInt16 = 6
        static let dohpath: UInt16 = 7
        static let ohttp: UInt16 = 8
    }

    /// Registered key names, indexed by key number.
    static let knownNames: [String] = [
        "mandatory", "alpn", "no-default-alpn", "port", "ipv4hint", "ech", "ipv6hint", "dohpath", "ohttp",
    ]
    static let knownNameBytes: [[UInt8]] = knownNames.map { Array($0.utf8) }

    /// Keys printed by name; later registrations print as `keyNNNNN`, as in BIND 9.18.
    static let printedNameCount = 7

    /// The name of a key in messages: its registered name or `keyNNNNN`.
    static func keyName(_ key: UInt16) -> String {
        Int(key) < knownNames.count ? knownNames[Int(key)] : "key\(key)"
    }

    /// The name of a key in presentation output (see `format(_:)`).
    static func printedName(_ key: UInt16) -> String {
        Int(key) < printedNameCount ? knownNames[Int(key)] : "key\(key)"
    }

    /// Reads a key name. A registered name in lower case gives `generic == false`; the same name
    /// in any other case, or `key` and a decimal number 0...65535 without leading zeros, gives
    /// `generic == true` (the value is then a plain character-string).
    static func parseKeyName(
        _ text: ArraySlice<UInt8>
    ) throws(RdataCodecError) -> (key: UInt16, generic: Bool) {
        for (index, name) in knownNameBytes.enumerated() where text.count == name.count {
            if text.elementsEqual(name) { return (UInt16(index), false) }
            if text.elementsEqual(name, by: { asciiLowercased($0) == $1 }) {
                return (UInt16(index), true)
            }
        }
        let shown = quoted(text)
        guard text.starts(with: [0x6B, 0x65, 0x79]) else {  // "key"
            throw RdataCodecError(reason: text.isEmpty ? "empty SvcParamKey" : "unknown SvcParamKey \(shown)")
        }
        let digits = text.dropFirst(3)
        guard !digits.isEmpty, digits.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else {
            throw RdataCodecError(reason: "unknown SvcParamKey \(shown)")
        }
        guard digits.count == 1 || digits.first != UInt8(ascii: "0") else {
            throw RdataCodecError(reason: "SvcParamKey \(shown) has a leading zero")
        }
        var number = 0
        for digit in digits {
            number = number * 10 + Int(digit &- UInt8(ascii: "0"))
            if number > 65535 {
                throw RdataCodecError(reason: "SvcParamKey \(shown) is out of range (keys go up to key65535)")
            }
        }
        return (UInt16(number), true)
    }

    @inline(__always)
    static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }
}
