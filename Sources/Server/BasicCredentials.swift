import Foundation

/// The user and password a client must present with HTTP Basic auth.
public struct BasicCredentials: Sendable {
    public let username: String
    /// Nil: no password configured, every request is refused.
    public let password: String?

    public init(username: String, password: String?) {
        self.username = username
        self.password = password
    }

    /// Whether an `Authorization` header carries these credentials (compared in constant time).
    public func accept(_ header: String?) -> Bool {
        guard let password, let header, header.lowercased().hasPrefix("basic ") else { return false }
        guard let decoded = Base64Decoding.decode(Self.trimmingBlanks(header.dropFirst(6))) else { return false }
        return ConstantTime.equal(decoded, Array("\(username):\(password)".utf8))
    }

    /// `trimmingCharacters(in: .whitespaces)` (Unicode space separators and tab) without
    /// Foundation's character sets, which cost about 1 % of a push's CPU.
    static func trimmingBlanks(_ text: Substring) -> String {
        func blank(_ scalar: Unicode.Scalar) -> Bool { scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !blank($0) }), let last = scalars.lastIndex(where: { !blank($0) }) else { return "" }
        return String(scalars[first...last])
    }

    /// Whether a user and password typed into a form are these (compared in constant time).
    public func accept(username user: String, password typed: String) -> Bool {
        guard let password else { return false }
        return ConstantTime.equal(Array("\(user):\(typed)".utf8), Array("\(username):\(password)".utf8))
    }
}

/// Comparison whose time does not depend on where the inputs differ.
public enum ConstantTime {
    public static func equal(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: left.count ^ right.count)
        for index in 0..<max(left.count, right.count) {
            let a = index < left.count ? left[index] : 0
            let b = index < right.count ? right[index] : 0
            difference |= a ^ b
        }
        return difference == 0
    }
}
