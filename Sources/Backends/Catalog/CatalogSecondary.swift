import Foundation

/// One `secondaries:` entry: an IP address literal and a port (53 unless given). Written
/// `192.0.2.1`, `192.0.2.1:5353`, `2001:db8::1` or `[2001:db8::1]:5353`.
public struct CatalogSecondary: Sendable, Equatable, CustomStringConvertible {
    public let address: String
    public let port: Int

    public init(address: String, port: Int = 53) {
        self.address = address
        self.port = port
    }

    /// Parses one entry; nil when it is not an IP literal with an optional port 1–65535.
    public init?(parsing text: String) {
        var host = text.trimmingCharacters(in: .whitespaces)
        var port = 53
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            let rest = host[host.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let value = Int(rest.dropFirst()) else { return nil }
                port = value
            }
            host = String(host[host.index(after: host.startIndex)..<close])
            guard CatalogSecondary.isIPv6(host) else { return nil }
        } else if host.filter({ $0 == ":" }).count == 1 {
            let parts = host.split(separator: ":", omittingEmptySubsequences: false)
            guard let value = Int(parts[1]) else { return nil }
            port = value
            host = String(parts[0])
            guard CatalogSecondary.isIPv4(host) else { return nil }
        } else {
            guard CatalogSecondary.isIPv4(host) || CatalogSecondary.isIPv6(host) else { return nil }
        }
        guard (1...65535).contains(port) else { return nil }
        self.init(address: host, port: port)
    }

    public var isIPv6: Bool { address.contains(":") }

    /// `192.0.2.1:5353`, `[2001:db8::1]:53`.
    public var description: String { isIPv6 ? "[\(address)]:\(port)" : "\(address):\(port)" }

    static func isIPv4(_ text: String) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, text, &address) == 1
    }

    static func isIPv6(_ text: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET6, text, &address) == 1
    }
}
