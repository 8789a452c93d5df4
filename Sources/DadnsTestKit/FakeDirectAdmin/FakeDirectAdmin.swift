import Foundation

/// A stand-in for a DirectAdmin server (DirectAdmin itself is proprietary), built from the
/// protocol notes: a real HTTP server on 127.0.0.1 and a free port, one thread per connection.
/// It serves the domain listing (`CMD_DNS_ADMIN?json=yes` pages, legacy
/// `CMD_API_SHOW_ALL_DOMAINS`), zone texts (`CMD_API_DNS_ADMIN?domain=`), the session login
/// (`CMD_LOGIN`) and the Multi-Server Setup (`CMD_MULTI_SERVER`), and records every request.
/// `mode` makes it misbehave the ways real servers do. Stop it with `stop()`.
public final class FakeDirectAdmin: @unchecked Sendable {
    /// How the server behaves.
    public enum Mode: Sendable, Equatable {
        /// Basic auth accepted.
        case basic
        /// DirectAdmin Evolution: Basic auth is answered with a 302 to the login page; only a
        /// session cookie from `POST /CMD_LOGIN` is accepted.
        case loginRedirect
        /// An old server: `CMD_DNS_ADMIN` answers its HTML page; only `CMD_API_SHOW_ALL_DOMAINS` lists.
        case legacyOnly
        /// Answers after `seconds` (beyond a client's time limit).
        case slow(seconds: Double)
        /// Every command answers 500.
        case failing
        /// Listings are an HTML page with status 200.
        case garbageHTML
        /// Listings are broken JSON.
        case garbageJSON
    }

    /// One request as received.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var query: [String: String]
        public var headers: [String: String]
        public var body: String
        public var form: [String: String]
        public var at: Date
    }

    public let port: Int
    public let username: String
    public let password: String
    private let acceptor: LoopbackAcceptor
    let lock = NSLock()
    var state = State()
    let sessionCookie = "session=\(UUID().uuidString.prefix(12))"

    struct State {
        var mode: Mode = .basic
        var domains: [String] = []
        var usernames: [String: String] = [:]
        var zones: [String: String] = [:]
        var requests: [Request] = []
        var multiServers: [String: [String: String]] = [:]
    }

    public init(username: String = "admin", password: String = "da-secret", mode: Mode = .basic) throws {
        self.username = username
        self.password = password
        state.mode = mode
        acceptor = try LoopbackAcceptor()
        port = acceptor.port
        acceptor.start(threadPerConnection: true) { [self] in serve($0) }
    }

    // MARK: Test controls

    public var mode: Mode {
        get { lock.withLock { state.mode } }
        set { lock.withLock { state.mode = newValue } }
    }

    /// Sets the domains this server has, with their zone texts (nil: the default zone) and owners.
    public func setDomains(_ domains: [String], zones: [String: String] = [:], username: String? = "bob") {
        lock.withLock {
            state.domains = domains
            state.zones = [:]
            state.usernames = [:]
            for domain in domains {
                state.zones[domain.lowercased()] = zones[domain] ?? Self.zone(domain, serial: 1)
                if let username { state.usernames[domain] = username }
            }
        }
    }

    /// Sets (or replaces) one zone text without listing it differently.
    public func setZone(_ domain: String, text: String) {
        lock.withLock { state.zones[domain.lowercased()] = text }
    }

    /// Every request so far.
    public var requests: [Request] { lock.withLock { state.requests } }

    /// The requests for one path.
    public func requests(to path: String) -> [Request] { requests.filter { $0.path == path } }

    /// The Multi-Server Setup entries (address → settings).
    public var multiServers: [String: [String: String]] { lock.withLock { state.multiServers } }

    public func stop() { acceptor.stop() }

    deinit { stop() }

    /// The start of a zone as DirectAdmin writes it: 13 blank lines, `$TTL 3600`, no `$ORIGIN`,
    /// and a SOA over several lines (primary name server `primary`, default `ns1.DOMAIN.`).
    public static func zoneHeader(_ domain: String, serial: String, primary: String? = nil) -> String {
        String(repeating: "\n", count: 13) + """
            $TTL 3600
            \(domain).\tIN\tSOA\t\(primary ?? "ns1.\(domain).") hostmaster.\(domain). (
            \t\t\t\t\t\t\(serial)
            \t\t\t\t\t\t3600
            \t\t\t\t\t\t3600
            \t\t\t\t\t\t1209600
            \t\t\t\t\t\t86400 )


            """
    }

    /// A zone as DirectAdmin writes it.
    public static func zone(_ domain: String, serial: Int, address: String = "192.0.2.10") -> String {
        zoneHeader(domain, serial: String(serial)) + """
            \(domain).\t3600\tIN\tNS\tns1.\(domain).
            ns1\t3600\tIN\tA\t192.0.2.53
            www\t3600\tIN\tA\t\(address)

            """
    }

    // MARK: Serving

    private func serve(_ fd: Int32) {
        var tv = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        guard let request = HTTPRequestReader.read(fd) else { return }
        let recorded = Request(
            method: request.method, path: request.path, query: request.query, headers: request.headers, body: request.body,
            form: Self.formFields(request.body), at: Date())
        let mode = lock.withLock {
            state.requests.append(recorded)
            return state.mode
        }
        if case .slow(let seconds) = mode { Thread.sleep(forTimeInterval: seconds) }
        let reply = respond(to: recorded, mode: mode)
        HTTPRequestReader.write(fd, reply)
    }

    static func formFields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "") : ""
            fields[key] = value
        }
        return fields
    }
}
