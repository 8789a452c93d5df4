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
        guard let decoded = Base64Decoding.decode(header.dropFirst(6).trimmingCharacters(in: .whitespaces)) else { return false }
        return ConstantTime.equal(decoded, Array("\(username):\(password)".utf8))
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
