import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a DNS server answers queries: an IP literal (IPv4 or IPv6) and a port, as a backend's
/// `dns_address` names it (`127.0.0.1:53`, `[::1]:5353`, `192.0.2.1` for port 53). A host name is
/// refused: the probe asks exactly the server the operator named, without a resolver between.
public struct DNSServerAddress: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The IP literal, without brackets.
    public var host: String
    public var port: Int
    /// Whether `host` is an IPv6 address.
    public var isIPv6: Bool

    public init(host: String, port: Int = DNSServerAddress.defaultPort, isIPv6: Bool) {
        self.host = host
        self.port = port
        self.isIPv6 = isIPv6
    }

    /// Port 53 unless the text names another.
    public static let defaultPort = 53

    /// `127.0.0.1:53`, `[::1]:5353`: the form the configuration accepts and `check-config` prints.
    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Parses `text`, or says why it is not an address.
    public static func parse(_ text: String) -> Result<DNSServerAddress, ParseError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var host = trimmed
        var portText: String?
        if trimmed.hasPrefix("[") {
            // [v6] or [v6]:port
            guard let close = trimmed.firstIndex(of: "]") else { return .failure(.init(text, "an IPv6 address in brackets lacks its ']'")) }
            host = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
            let rest = trimmed[trimmed.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return .failure(.init(text, "expected ':port' after ']'")) }
                portText = String(rest.dropFirst())
            }
        } else if trimmed.filter({ $0 == ":" }).count == 1, let colon = trimmed.firstIndex(of: ":") {
            host = String(trimmed[..<colon])
            portText = String(trimmed[trimmed.index(after: colon)...])
        }
        var port = defaultPort
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                return .failure(.init(text, "the port must be a whole number from 1 to 65535"))
            }
            port = value
        }
        if isIPv4(host) { return .success(.init(host: host, port: port, isIPv6: false)) }
        if isIPv6(host) { return .success(.init(host: host, port: port, isIPv6: true)) }
        if host.contains(":") {
            return .failure(.init(text, "not an IP address (write an IPv6 address with a port in brackets: [::1]:53)"))
        }
        return .failure(.init(text, "'\(host)' is not an IP address: a host name is not accepted, name the server by its address"))
    }

    /// Why a text is not an address.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var description: String
        init(_ text: String, _ reason: String) {
            description = "expected an IP address with an optional port (127.0.0.1:53, [::1]:5353), got '\(text)': \(reason)"
        }
    }

    static func isIPv4(_ text: String) -> Bool {
        var address = in_addr()
        return !text.isEmpty && inet_pton(AF_INET, text, &address) == 1
    }

    static func isIPv6(_ text: String) -> Bool {
        var address = in6_addr()
        return !text.isEmpty && inet_pton(AF_INET6, text, &address) == 1
    }
}
