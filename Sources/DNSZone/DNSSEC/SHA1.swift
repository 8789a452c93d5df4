/// SHA-1 (FIPS 180-4), for NSEC3 owner-name hashes only (RFC 5155 §5: hash algorithm 1 is SHA-1).
/// Not for anything that needs a secure hash.
enum SHA1 {
    /// The 20-byte digest of `bytes`.
    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var state: [UInt32] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0]
        var message = bytes
        let bitLength = UInt64(bytes.count) &* 8
        message.append(0x80)
        message.append(contentsOf: [UInt8](repeating: 0, count: (119 - bytes.count % 64) % 64))
        message.append(contentsOf: (0..<8).map { UInt8(truncatingIfNeeded: bitLength >> UInt64(56 - 8 * $0)) })
        var schedule = [UInt32](repeating: 0, count: 80)
        for block in stride(from: 0, to: message.count, by: 64) {
            for word in 0..<16 {
                schedule[word] = message[(block + word * 4)..<(block + word * 4 + 4)].reduce(0) { $0 << 8 | UInt32($1) }
            }
            for word in 16..<80 {
                schedule[word] = rotatedLeft(schedule[word - 3] ^ schedule[word - 8] ^ schedule[word - 14] ^ schedule[word - 16], 1)
            }
            var (a, b, c, d, e) = (state[0], state[1], state[2], state[3], state[4])
            for round in 0..<80 {
                let (mixed, constant): (UInt32, UInt32)
                switch round {
                case 0..<20: (mixed, constant) = ((b & c) | (~b & d), 0x5A827999)
                case 20..<40: (mixed, constant) = (b ^ c ^ d, 0x6ED9EBA1)
                case 40..<60: (mixed, constant) = ((b & c) | (b & d) | (c & d), 0x8F1BBCDC)
                default: (mixed, constant) = (b ^ c ^ d, 0xCA62C1D6)
                }
                let next = rotatedLeft(a, 5) &+ mixed &+ e &+ constant &+ schedule[round]
                (e, d, c, b, a) = (d, c, rotatedLeft(b, 30), a, next)
            }
            for (index, value) in [a, b, c, d, e].enumerated() { state[index] &+= value }
        }
        return state.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value >> UInt32(24 - 8 * $0)) } }
    }

    private static func rotatedLeft(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value << count) | (value >> (32 - count))
    }
}
