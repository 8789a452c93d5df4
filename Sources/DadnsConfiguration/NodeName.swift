#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import DirectAdmin

/// A node's name (`app.node_name`): how the nodes sharing a mysql datastore tell each other
/// apart in the store, `/status` and the logs.
public enum NodeName {
    /// Longest name accepted (the store's column holds 64 characters).
    public static let maximumLength = PlainName.maximumLength

    /// Whether `name` is usable: 1–64 letters, digits, `.`, `-`, `_` (as DirectAdmin user names).
    public static func isValid(_ name: String) -> Bool { PlainName.validated(name) != nil }

    /// The machine's host name (the default node name); `localhost` when it cannot be read.
    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}
