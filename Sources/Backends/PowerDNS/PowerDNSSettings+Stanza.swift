import Foundation
import MariaDB
import SettingsKit

extension PowerDNSSettings {
    /// The keys of a `powerdns` stanza.
    public enum Keys {
        public static let apiURL = SettingKey(
            "api_url", .text, default: "http://127.0.0.1:8081",
            "The PowerDNS webserver's base URL (http or https); dadns adds /api/v1/servers/<server_id>.")
        public static let apiKey = SettingKey("api_key", .text, secret: true, "The PowerDNS api-key, sent as X-API-Key (required).")
        public static let serverID = SettingKey("server_id", .text, default: Defaults.serverID, "The server id in the API's paths.")
        public static let zoneKind = SettingKey(
            "zone_kind", .choice(Defaults.zoneKinds), default: Defaults.zoneKind,
            "Kind of the zones dadns creates: Native, or Master when secondaries or catalogs are used.")
        public static let timeout = SettingKey(
            "timeout", .number(1...3600), default: Defaults.timeout, "Seconds to connect, and for each read of an answer.")
        public static let tlsVerify = SettingKey(
            "tls_verify", .bool, default: Defaults.verifyCertificates, "Check the server's certificate (https api_url).")
        public static let tlsCAFile = SettingKey("tls_ca_file", .text, "CA bundle (PEM) to check the server's certificate with.")
        public static let gsqlite3Database = SettingKey(
            "gsqlite3_database", .text,
            "PowerDNS's gsqlite3 database file (gsqlite3-database): dadns writes a pre-signed zone's PRESIGNED, NSEC3PARAM and ordernames there, which the API refuses.")
        public static let gmysqlHost = SettingKey(
            "gmysql_host", .text, default: MariaDBConfiguration.Defaults.host, "Host of PowerDNS's gmysql database (gmysql-host), with gmysql_dbname.")
        public static let gmysqlPort = SettingKey(
            "gmysql_port", .integer(1...65535), default: MariaDBConfiguration.Defaults.port, "Port of PowerDNS's gmysql database (gmysql-port).")
        public static let gmysqlSocket = SettingKey(
            "gmysql_socket", .text, "Unix socket of PowerDNS's gmysql database (gmysql-socket); when set, gmysql_host and gmysql_port are not used.")
        public static let gmysqlUser = SettingKey("gmysql_user", .text, "User of PowerDNS's gmysql database (gmysql-user); required with gmysql_dbname.")
        public static let gmysqlPassword = SettingKey("gmysql_password", .text, secret: true, "Password of that user (gmysql-password).")
        public static let gmysqlDBName = SettingKey(
            "gmysql_dbname", .text,
            "PowerDNS's gmysql database (gmysql-dbname) on MariaDB/MySQL: dadns writes a pre-signed zone's PRESIGNED, NSEC3PARAM and ordernames there, as with gsqlite3_database.")
        public static let all = [
            apiURL, apiKey, serverID, zoneKind, timeout, tlsVerify, tlsCAFile, gsqlite3Database,
            gmysqlHost, gmysqlPort, gmysqlSocket, gmysqlUser, gmysqlPassword, gmysqlDBName,
        ]
    }

    /// `api_url` as PowerDNS paths are appended to it: without a trailing `/`.
    static func withoutTrailingSlash(_ url: String) -> String { url.hasSuffix("/") ? String(url.dropLast()) : url }

    /// A powerdns stanza's settings (also what `dadns doctor` checks).
    public init(stanza: BackendStanza) {
        self.init(
            apiURL: Self.withoutTrailingSlash(stanza.text(Keys.apiURL)), apiKey: stanza.text(Keys.apiKey), serverID: stanza.text(Keys.serverID),
            zoneKind: stanza.text(Keys.zoneKind), timeout: stanza.number(Keys.timeout), verifyCertificates: stanza.bool(Keys.tlsVerify),
            caFile: stanza.optionalText(Keys.tlsCAFile), gsqlite3Database: stanza.optionalText(Keys.gsqlite3Database),
            gmysql: stanza.optionalText(Keys.gmysqlDBName).map { dbname in
                MariaDBConfiguration(
                    host: stanza.text(Keys.gmysqlHost), port: stanza.integer(Keys.gmysqlPort), unixSocket: stanza.optionalText(Keys.gmysqlSocket),
                    username: stanza.optionalText(Keys.gmysqlUser) ?? "", password: stanza.optionalText(Keys.gmysqlPassword), database: dbname,
                    readTimeout: Int(stanza.number(Keys.timeout)), writeTimeout: Int(stanza.number(Keys.timeout)))
            })
    }

    /// What start-up checks before anything runs (`check-config` and `serve`): an http(s) URL with a
    /// host, a key, a server id. Errors name the key and never show the api_key.
    public static func preflight(_ stanza: BackendStanza) throws {
        let settings = PowerDNSSettings(stanza: stanza)
        if let problem = urlProblem(settings.apiURL) {
            throw ConfigError(key: stanza.path(Keys.apiURL), reason: problem)
        }
        if settings.apiKey.isEmpty {
            throw ConfigError(
                key: stanza.path(Keys.apiKey),
                reason: "is required: the api-key set in pdns.conf (or DADNS_DNS_BACKENDS_\(stanza.name.uppercased())_API_KEY)")
        }
        if settings.apiKey.contains(where: { $0.isNewline }) {
            throw ConfigError(key: stanza.path(Keys.apiKey), reason: "must be one line")
        }
        if settings.serverID.isEmpty {
            throw ConfigError(key: stanza.path(Keys.serverID), reason: "must not be empty (PowerDNS's own is localhost)")
        }
        if let file = settings.caFile, !FileManager.default.isReadableFile(atPath: file) {
            throw ConfigError(key: stanza.path(Keys.tlsCAFile), reason: "\(file) is not a readable file")
        }
        if let file = settings.gsqlite3Database, !FileManager.default.isWritableFile(atPath: file) {
            throw ConfigError(
                key: stanza.path(Keys.gsqlite3Database),
                reason: "\(file) is not a writable file: give the gsqlite3-database of pdns.conf, writable by dadns (and its directory, for SQLite's journal)")
        }
        if let gmysql = settings.gmysql {
            if settings.gsqlite3Database != nil {
                throw ConfigError(key: stanza.path(Keys.gmysqlDBName), reason: "set either gsqlite3_database or gmysql_dbname (pdns.conf's launch), not both")
            }
            if gmysql.username.isEmpty {
                throw ConfigError(key: stanza.path(Keys.gmysqlUser), reason: "is required with gmysql_dbname: pdns.conf's gmysql-user (or a user that may write its tables)")
            }
            do {
                _ = try MariaDBLibrary.load()
            } catch {
                throw ConfigError(key: stanza.path(Keys.gmysqlDBName), reason: "\(error)")
            }
        }
    }

    /// Why `url` cannot be the API's base URL; nil when it can.
    static func urlProblem(_ url: String) -> String? {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(), ["http", "https"].contains(scheme) else {
            return "'\(url)' is not an http:// or https:// URL"
        }
        guard let host = parts.host, !host.isEmpty else { return "'\(url)' names no host" }
        if parts.query != nil || parts.fragment != nil { return "'\(url)' must not have a query or fragment" }
        if parts.user != nil || parts.password != nil { return "'\(url)' must not carry credentials (the key goes in api_key)" }
        if parts.path.contains("/api/v1") { return "give the webserver's base URL: dadns adds /api/v1/servers/<server_id>" }
        return nil
    }
}
