import DNSZone
import DirectAdmin

/// One peer `dadns` instance this node pulls zones from. The password is a secret: it is never
/// part of `description`, a log line, `/status` or an error.
public struct PeerEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// Where the peer came from.
    public enum Origin: String, Sendable, Codable, Equatable {
        /// `peer_sync.peers` in the configuration file.
        case config
        /// `DADNS_PEER_SYNC_PEER_URL` or a numbered `DADNS_PEER_SYNC_PEER_<i>_URL`.
        case environment
        /// Learned from another peer's `/internal/peers`.
        case gossip
    }

    /// The normalized base URL (`PeerEndpoint.normalize`), without credentials.
    public var url: String
    public var username: String
    public var password: String
    public var origin: Origin
    /// For a gossiped peer: the peer that told us about it (whose credentials it uses).
    public var discoveredVia: String?

    public init(url: String, username: String, password: String, origin: Origin, discoveredVia: String? = nil) {
        self.url = url
        self.username = username
        self.password = password
        self.origin = origin
        self.discoveredVia = discoveredVia
    }

    public var description: String { url }

    /// A peer base URL in one spelling, so that the same peer is never listed twice:
    /// `http`/`https` only, scheme and host lower-cased, default port and trailing `/` removed,
    /// no credentials, query or fragment, a valid host name or IP address. Nil when unusable.
    public static func normalize(_ raw: String) -> String? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard text.count <= 2048, !text.contains(where: { $0.isWhitespace || $0 == "?" || $0 == "#" || $0 == "\\" }) else { return nil }
        let lowered = text.lowercased()
        let scheme: String
        if lowered.hasPrefix("http://") { scheme = "http" } else if lowered.hasPrefix("https://") { scheme = "https" } else { return nil }
        let rest = text.dropFirst(scheme.count + 3)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash].lowercased()
        var path = String(rest[slash...])
        while path.hasSuffix("/") { path.removeLast() }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        var host = authority
        var port: Int?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = String(authority[...close])
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let number = Int(after.dropFirst()) else { return nil }
                port = number
            }
            let inner = host.dropFirst().dropLast()
            guard !inner.isEmpty, inner.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
        } else {
            if let colon = authority.lastIndex(of: ":") {
                guard let number = Int(authority[authority.index(after: colon)...]) else { return nil }
                port = number
                host = String(authority[..<colon])
            }
            guard case .success(let name) = DomainNameRules.normalize(host) else { return nil }
            host = name
        }
        if let value = port {
            guard (1...65535).contains(value) else { return nil }
            if (scheme == "http" && value == 80) || (scheme == "https" && value == 443) { port = nil }
        }
        return "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")\(path)"
    }

    /// Whether `url` (normalized) is this node itself: one of `selfURLs`, or a loopback URL on
    /// this node's own listening port.
    public static func isSelf(_ url: String, selfURLs: Set<String>, listenPort: Int?) -> Bool {
        if selfURLs.contains(url) { return true }
        guard let listenPort else { return false }
        for host in ["127.0.0.1", "localhost", "[::1]"] {
            for scheme in ["http", "https"] where url == "\(scheme)://\(host):\(listenPort)" { return true }
        }
        return false
    }
}
