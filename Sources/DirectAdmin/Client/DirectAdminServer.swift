/// One DirectAdmin server the reconciler polls (`reconciliation.directadmin_servers[]`).
/// The password is a secret: it is never part of `description`, a log line or an error.
public struct DirectAdminServer: Sendable, Equatable, CustomStringConvertible {
    /// The server's host name (or address). It is also the owner name zones pushed by this
    /// server carry, so it compares with `da_hostname` in the store.
    public var hostname: String
    public var port: Int
    public var username: String
    public var password: String
    /// HTTPS when true, plain HTTP otherwise.
    public var ssl: Bool

    /// Defaults the initializer shares with the `directadmin_servers` entry keys.
    public enum Defaults {
        public static let port = 2222
        /// HTTPS.
        public static let ssl = true
    }

    public init(hostname: String, port: Int = Defaults.port, username: String, password: String, ssl: Bool = Defaults.ssl) {
        self.hostname = hostname.lowercased()
        self.port = port
        self.username = username
        self.password = password
        self.ssl = ssl
    }

    /// `https://da1.example.com:2222`, without credentials.
    public var baseURL: String {
        let host = hostname.contains(":") ? "[\(hostname)]" : hostname
        return "\(ssl ? "https" : "http")://\(host):\(port)"
    }

    public var description: String { "\(hostname):\(port)" }
}
