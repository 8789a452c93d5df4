/// RFC 952/1123 host names as BIND's check-names sees them: letters, digits and hyphens.
enum HostNameRules {
    /// True when every label is LDH (a leading `*` label is allowed for owners).
    static func isHostName(_ wire: ArraySlice<UInt8>, allowWildcard: Bool) -> Bool {
        var index = wire.startIndex
        var first = true
        while index < wire.endIndex, wire[index] != 0 {
            let length = Int(wire[index])
            let label = wire[(index + 1)..<(index + 1 + length)]
            if first && allowWildcard && length == 1 && label.first == UInt8(ascii: "*") {
                first = false
                index += length + 1
                continue
            }
            first = false
            for byte in label {
                let isLetter = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
                let isDigit = byte >= 0x30 && byte <= 0x39
                guard isLetter || isDigit || byte == UInt8(ascii: "-") else { return false }
            }
            index += length + 1
        }
        return true
    }
}
