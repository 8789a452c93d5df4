/// Byte-level conversions between domain names in presentation text and wire form.
/// Works on buffers so the zone parser can use it without creating strings.
enum DNSNameText {
    @inline(__always)
    static func lowercase(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
    }

    /// Parses `text` (escapes still in place) and writes the wire form to `output` (replacing its
    /// contents). `@` is the origin, a trailing unescaped dot makes the name absolute, anything
    /// else is relative to `origin`.
    static func parse(
        _ text: UnsafeBufferPointer<UInt8>, origin: [UInt8]?, into output: inout [UInt8], lowercased: Bool = true
    ) throws(DNSNameError) {
        output.removeAll(keepingCapacity: true)
        let count = text.count
        guard count > 0 else { throw .empty }
        if count == 1 && text[0] == UInt8(ascii: "@") {
            guard let origin else { throw .relativeWithoutOrigin }
            output.append(contentsOf: origin)
            return
        }
        if count == 1 && text[0] == UInt8(ascii: ".") {
            output.append(0)
            return
        }
        // Build the labels in a stack buffer (a name is at most 255 octets), then copy once.
        let result: Result<(length: Int, absolute: Bool), DNSNameError> =
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 320) { wire in
                var index = 0
                var length = 1  // wire[0] is the first label's length octet
                var labelStart = 0
                var labelLength = 0
                while index < count {
                    var byte = text[index]
                    index += 1
                    if byte == UInt8(ascii: ".") {
                        guard labelLength > 0 else { return .failure(.emptyLabel) }
                        wire[labelStart] = UInt8(labelLength)
                        if index == count {
                            wire[length] = 0
                            output.append(contentsOf: UnsafeBufferPointer(rebasing: wire[0...length]))
                            return .success((length + 1, true))
                        }
                        labelStart = length
                        length += 1
                        labelLength = 0
                        continue
                    }
                    if byte == UInt8(ascii: "\\") {
                        guard index < count else { return .failure(.badEscape) }
                        let first = text[index]
                        if isDigit(first) {
                            guard index + 2 < count, isDigit(text[index + 1]), isDigit(text[index + 2]) else {
                                return .failure(.badEscape)
                            }
                            let value = Int(first - 48) * 100 + Int(text[index + 1] - 48) * 10 + Int(text[index + 2] - 48)
                            guard value <= 255 else { return .failure(.badEscape) }
                            byte = UInt8(value)
                            index += 3
                        } else {
                            byte = first
                            index += 1
                        }
                    }
                    labelLength += 1
                    guard labelLength <= 63 else { return .failure(.labelTooLong) }
                    guard length < 256 else { return .failure(.nameTooLong) }
                    wire[length] = lowercased ? lowercase(byte) : byte
                    length += 1
                }
                guard labelLength > 0 else { return .failure(.emptyLabel) }
                wire[labelStart] = UInt8(labelLength)
                output.append(contentsOf: UnsafeBufferPointer(rebasing: wire[0..<length]))
                return .success((length, false))
            }
        switch result {
        case .failure(let error):
            throw error
        case .success(let built) where built.absolute:
            guard built.length <= 255 else { throw .nameTooLong }
        case .success:
            guard let origin else { throw .relativeWithoutOrigin }
            output.append(contentsOf: origin)
            guard output.count <= 255 else { throw .nameTooLong }
        }
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// True when `name` equals `ancestor` or is below it (both wire form, lower-cased).
    static func isSubdomain(_ name: ArraySlice<UInt8>, of ancestor: ArraySlice<UInt8>) -> Bool {
        let offset = name.count - ancestor.count
        guard offset >= 0 else { return false }
        // Walk label boundaries until we reach the offset where the suffix would start.
        var index = name.startIndex
        let target = name.startIndex + offset
        while index < target {
            index += Int(name[index]) + 1
        }
        guard index == target else { return false }
        return name[target...].elementsEqual(ancestor)
    }

    /// Appends one label in presentation form, escaping as BIND does.
    static func appendLabel(_ label: ArraySlice<UInt8>, to out: inout [UInt8]) {
        for byte in label {
            switch byte {
            case UInt8(ascii: "."), UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "("),
                UInt8(ascii: ")"), UInt8(ascii: ";"), UInt8(ascii: "@"), UInt8(ascii: "$"):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case 0x21...0x7E:
                out.append(byte)
            default:
                TextEscapes.appendDecimalEscape(byte, to: &out)
            }
        }
    }

    /// Appends the absolute presentation form (trailing dot) of a wire name.
    static func appendAbsolute(_ name: ArraySlice<UInt8>, to out: inout [UInt8]) {
        var index = name.startIndex
        if name[index] == 0 {
            out.append(UInt8(ascii: "."))
            return
        }
        while index < name.endIndex, name[index] != 0 {
            let length = Int(name[index])
            appendLabel(name[(index + 1)..<(index + 1 + length)], to: &out)
            out.append(UInt8(ascii: "."))
            index += length + 1
        }
    }

    static func format(_ name: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(name.count + 1)
        appendAbsolute(name, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `name` relative to `origin` (`@` for the origin itself).
    static func appendRelative(_ name: ArraySlice<UInt8>, origin: ArraySlice<UInt8>, to out: inout [UInt8]) {
        guard isSubdomain(name, of: origin) else {
            appendAbsolute(name, to: &out)
            return
        }
        let end = name.endIndex - origin.count
        if end == name.startIndex {
            out.append(UInt8(ascii: "@"))
            return
        }
        var index = name.startIndex
        var first = true
        while index < end {
            if !first { out.append(UInt8(ascii: ".")) }
            first = false
            let length = Int(name[index])
            appendLabel(name[(index + 1)..<(index + 1 + length)], to: &out)
            index += length + 1
        }
    }

    static func formatRelative(_ name: ArraySlice<UInt8>, origin: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        appendRelative(name, origin: origin, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Length of the wire name starting at `start` in `bytes`, or nil if malformed.
    static func wireLength(_ bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        var index = start
        while true {
            guard index < bytes.endIndex else { return nil }
            let length = Int(bytes[index])
            if length == 0 { break }
            guard length <= 63 else { return nil }
            index += length + 1
        }
        let total = index + 1 - start
        return total <= 255 ? total : nil
    }
}
