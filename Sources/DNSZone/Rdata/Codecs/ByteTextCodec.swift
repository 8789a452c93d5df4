/// A text encoding of bytes used in zone files (base16, base32hex, base64): the codec implements
/// `decode(buffer:)` and `encode(buffer:)` on contiguous bytes, and gets the entry points that take
/// any collection from here.
protocol ByteTextCodec {
    /// Decodes the text in `input`; nil when it is not a valid encoding.
    static func decode(buffer input: UnsafeBufferPointer<UInt8>) -> [UInt8]?
    /// Encodes the bytes in `input`.
    static func encode(buffer input: UnsafeBufferPointer<UInt8>) -> String
}

extension ByteTextCodec {
    /// Decodes `text`, on its own storage when it is contiguous (the usual case), else on a copy.
    static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        if let result = text.withContiguousStorageIfAvailable({ decode(buffer: $0) }) {
            return result
        }
        return Array(text).withUnsafeBufferPointer { decode(buffer: $0) }
    }

    /// Encodes `bytes`, on their own storage when it is contiguous (the usual case), else on a copy.
    static func encode(_ bytes: some Collection<UInt8>) -> String {
        if let result = bytes.withContiguousStorageIfAvailable({ encode(buffer: $0) }) {
            return result
        }
        return Array(bytes).withUnsafeBufferPointer { encode(buffer: $0) }
    }

    /// A 256-entry table from a character to its value in `alphabet` (its index), 0xFF for a
    /// character outside it; with `eitherCase`, lower-case letters map as their upper-case ones.
    static func valueTable(_ alphabet: [UInt8], eitherCase: Bool) -> [UInt8] {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in alphabet.enumerated() {
            table[Int(character)] = UInt8(value)
            if eitherCase && character >= UInt8(ascii: "A") && character <= UInt8(ascii: "Z") {
                table[Int(character | 0x20)] = UInt8(value)
            }
        }
        return table
    }
}

extension ByteTextCodec {
    /// `count` decoded bytes, written straight into the result's storage by `fill` (given the
    /// decode table and the storage); nil when `fill` finds the input invalid.
    @inline(__always)
    static func decoded(
        count: Int, table: [UInt8], _ fill: (UnsafeBufferPointer<UInt8>, UnsafeMutableBufferPointer<UInt8>) -> Bool
    ) -> [UInt8]? {
        var valid = false
        let output = [UInt8](unsafeUninitializedCapacity: count) { storage, initialized in
            valid = table.withUnsafeBufferPointer { fill($0, storage) }
            initialized = valid ? count : 0
        }
        return valid ? output : nil
    }

    /// A string of `count` characters written straight into its storage by `fill` (given the
    /// alphabet and the storage).
    @inline(__always)
    static func encoded(
        count: Int, alphabet: [UInt8], _ fill: (UnsafeBufferPointer<UInt8>, UnsafeMutableBufferPointer<UInt8>) -> Void
    ) -> String {
        String(unsafeUninitializedCapacity: count) { output in
            alphabet.withUnsafeBufferPointer { fill($0, output) }
            return count
        }
    }
}
