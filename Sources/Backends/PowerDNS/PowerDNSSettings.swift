import MariaDB

/// Settings of a `powerdns` backend (keys of its `dns.backends.<name>` stanza).
public struct PowerDNSSettings: Sendable, Equatable {
    /// `api_url`: the PowerDNS webserver's base URL (`http://127.0.0.1:8081`), without `/api/v1`
    /// (the stanza drops a trailing `/`).
    public var apiURL: String
    /// `api_key`: sent as `X-API-Key`. A secret: never logged, never in an error or `/status`.
    public var apiKey: String
    /// `server_id`: the server in `/api/v1/servers/<server_id>` (`localhost` for an authoritative server).
    public var serverID: String = Defaults.serverID
    /// `zone_kind`: the kind zones are created with (`Native`, or `Master` for secondaries or catalogs).
    public var zoneKind: String = Defaults.zoneKind
    /// `timeout`: seconds each request (connect, then each read) may take.
    public var timeout: Double = Defaults.timeout
    /// `tls_verify`: check the server's certificate (https URLs).
    public var verifyCertificates: Bool = Defaults.verifyCertificates
    /// `tls_ca_file`: a CA bundle (PEM) to check the certificate with, instead of the system's.
    public var caFile: String? = nil
    /// `gsqlite3_database`: PowerDNS's gsqlite3 database file, written directly only for what the
    /// API refuses a pre-signed zone (PRESIGNED, NSEC3PARAM, each name's ordername); nil: API only.
    public var gsqlite3Database: String? = nil
    /// The `gmysql_*` keys (set when `gmysql_dbname` is): PowerDNS's gmysql database on
    /// MariaDB/MySQL, written as `gsqlite3Database` is; nil: API only (or gsqlite3).
    public var gmysql: MariaDBConfiguration? = nil
    /// At most this many requests at once within a batch.
    @AtLeastOne public var parallelRequests: Int = Defaults.parallelRequests

    /// Defaults the (synthesized) initializer shares with the stanza's keys.
    public enum Defaults {
        public static let serverID = "localhost"
        public static let zoneKind = "Native"
        public static let zoneKinds = ["Native", "Master"]
        public static let timeout: Double = 30
        public static let verifyCertificates = true
        public static let parallelRequests = 8
    }

    /// `…/api/v1/servers/<server_id>`: what every request's path starts with.
    public var serverURL: String { "\(apiURL)/api/v1/servers/\(PowerDNSZoneID.escape(serverID))" }
}

extension PowerDNSSettings: CustomStringConvertible {
    /// The server as logs and errors name it: the URL and server id, never the key.
    public var description: String { "PowerDNS \(apiURL) (server \(serverID))" }
}
