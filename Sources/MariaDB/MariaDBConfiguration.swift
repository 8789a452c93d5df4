/// Where and how to connect. The password is kept out of `description`.
public struct MariaDBConfiguration: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// A unix socket path; when set, `host`/`port` are not used.
    public var unixSocket: String?
    public var username: String
    public var password: String?
    public var database: String?
    /// Seconds for the TCP connect and the handshake.
    public var connectTimeout: Int
    /// Seconds a read may take (a statement's result); also bounds how long a dead server blocks.
    public var readTimeout: Int
    /// Seconds a write may take.
    public var writeTimeout: Int
    public var tls: TLS
    /// A statement the connector runs on every (re)connect, e.g. a session setting.
    public var initCommand: String?
    /// Let `MariaDBConnection.batch` send several statements in one round trip
    /// (CLIENT_MULTI_STATEMENTS). Only for SQL built from escaped values.
    public var multiStatements: Bool = false

    /// TLS settings. With `enabled`, a connection to a server without TLS fails.
    public struct TLS: Sendable, Equatable {
        public var enabled: Bool
        /// CA bundle (PEM) to check the server's certificate with.
        public var caFile: String?
        /// Client certificate and key (PEM), for servers that require them.
        public var certificateFile: String?
        public var keyFile: String?
        /// Check the server's certificate and host name.
        public var verifyServerCertificate: Bool

        public init(
            enabled: Bool = false, caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil,
            verifyServerCertificate: Bool = true
        ) {
            self.enabled = enabled
            self.caFile = caFile
            self.certificateFile = certificateFile
            self.keyFile = keyFile
            self.verifyServerCertificate = verifyServerCertificate
        }
    }

    /// Defaults the initializer shares with the `coredns_mysql` stanza's keys.
    public enum Defaults {
        public static let host = "127.0.0.1"
        public static let port = 3306
        public static let connectTimeout = 5
        public static let readTimeout = 30
        public static let writeTimeout = 30
        /// No TLS; with TLS, the server's certificate is checked.
        public static let tls = TLS()
    }

    public init(
        host: String = Defaults.host, port: Int = Defaults.port, unixSocket: String? = nil, username: String, password: String?,
        database: String?, connectTimeout: Int = Defaults.connectTimeout, readTimeout: Int = Defaults.readTimeout,
        writeTimeout: Int = Defaults.writeTimeout, tls: TLS = Defaults.tls,
        initCommand: String? = nil
    ) {
        self.initCommand = initCommand
        self.host = host
        self.port = port
        self.unixSocket = unixSocket
        self.username = username
        self.password = password
        self.database = database
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.writeTimeout = writeTimeout
        self.tls = tls
    }

    /// `user@host:port/database` (or the socket path for `host:port`); no password.
    public var address: String { "\(username)@\(unixSocket ?? "\(host):\(port)")/\(database ?? "")" }

    /// The address, and ` (TLS)` with TLS.
    public var description: String { address + (tls.enabled ? " (TLS)" : "") }
}
