import MariaDB
import SettingsKit

extension CoreDNSMySQLSettings {
    /// The keys of a `coredns_mysql` stanza.
    public enum Keys {
        public static let host = SettingKey("host", .text, default: MariaDBConfiguration.Defaults.host, "MySQL/MariaDB host.")
        public static let port = SettingKey("port", .integer(1...65535), default: MariaDBConfiguration.Defaults.port, "MySQL/MariaDB port.")
        public static let database = SettingKey("database", .text, default: "coredns", "Database name.")
        public static let username = SettingKey("username", .text, default: "coredns", "User name.")
        public static let password = SettingKey("password", .text, secret: true, "Password.")
        public static let unixSocket = SettingKey("unix_socket", .text, "Unix socket path; when set, host and port are not used.")
        public static let zonesTable = SettingKey("zones_table", .text, default: Defaults.zonesTable, "Table of zones (letters, digits, _).")
        public static let recordsTable = SettingKey(
            "records_table", .text, "Table of records (default \(Defaults.recordsTable); letters, digits, _).")
        public static let tableName = SettingKey(
            "table_name", .text, "Reference name for the records table (records_table wins when both are set).")
        public static let poolSize = SettingKey(
            "pool_size", .integer(1...64), default: Defaults.poolSize, "Connections to this server; a batch's zones are applied on all at once.")
        public static let connectTimeout = SettingKey(
            "connect_timeout", .integer(1...600), default: MariaDBConfiguration.Defaults.connectTimeout, "Seconds to connect before the attempt fails.")
        public static let readTimeout = SettingKey("read_timeout", .integer(1...3600), default: MariaDBConfiguration.Defaults.readTimeout, "Seconds a statement's reply may take.")
        public static let writeTimeout = SettingKey(
            "write_timeout", .integer(1...3600), default: MariaDBConfiguration.Defaults.writeTimeout, "Seconds sending a statement may take.")
        public static let ssl = SettingKey("ssl", .bool, default: MariaDBConfiguration.Defaults.tls.enabled, "Connect with TLS; a server without TLS is refused.")
        public static let sslCA = SettingKey("ssl_ca", .text, "CA bundle (PEM) to check the server certificate with.")
        public static let sslCert = SettingKey("ssl_cert", .text, "Client certificate (PEM), when the server requires one.")
        public static let sslKey = SettingKey("ssl_key", .text, "Client private key (PEM), with ssl_cert.")
        public static let sslVerifyServerCert = SettingKey(
            "ssl_verify_server_cert", .bool, default: MariaDBConfiguration.Defaults.tls.verifyServerCertificate, "Check the server certificate and host name (with ssl).")
        public static let libraryPath = SettingKey(
            "library_path", .text,
            "MariaDB Connector/C library to load (default libmariadb.so.3, then libmariadb.so; package libmariadb3).")
        public static let all = [
            host, port, database, username, password, unixSocket, zonesTable, recordsTable, tableName, poolSize, connectTimeout,
            readTimeout, writeTimeout, ssl, sslCA, sslCert, sslKey, sslVerifyServerCert, libraryPath,
        ]
    }

    /// A coredns_mysql stanza's settings (also what `dadns doctor` checks).
    public init(stanza: BackendStanza) {
        let tls = MariaDBConfiguration.TLS(
            enabled: stanza.bool(Keys.ssl), caFile: stanza.optionalText(Keys.sslCA),
            certificateFile: stanza.optionalText(Keys.sslCert), keyFile: stanza.optionalText(Keys.sslKey),
            verifyServerCertificate: stanza.bool(Keys.sslVerifyServerCert))
        let connection = MariaDBConfiguration(
            host: stanza.text(Keys.host), port: stanza.integer(Keys.port), unixSocket: stanza.optionalText(Keys.unixSocket),
            username: stanza.text(Keys.username), password: stanza.optionalText(Keys.password),
            database: stanza.text(Keys.database), connectTimeout: stanza.integer(Keys.connectTimeout),
            readTimeout: stanza.integer(Keys.readTimeout), writeTimeout: stanza.integer(Keys.writeTimeout), tls: tls)
        self.init(
            connection: connection, zonesTable: stanza.text(Keys.zonesTable),
            recordsTable: stanza.optionalText(Keys.recordsTable) ?? stanza.optionalText(Keys.tableName) ?? Defaults.recordsTable,
            poolSize: stanza.integer(Keys.poolSize), libraryPath: stanza.optionalText(Keys.libraryPath))
    }

    /// What start-up needs before anything runs (`check-config` and `serve`): Connector/C and
    /// valid table names. Errors name the key.
    public static func preflight(_ stanza: BackendStanza) throws {
        do {
            _ = try MariaDBLibrary.load(path: stanza.optionalText(Keys.libraryPath))
            for key in [Keys.zonesTable, Keys.recordsTable] {
                if let name = stanza.optionalText(key) { _ = try MariaDBIdentifier.quoted(name) }
            }
        } catch let error as MariaDBError {
            throw configError(error, stanza: stanza)
        }
    }

    /// A MariaDB error as a configuration error on the key that causes it.
    static func configError(_ error: MariaDBError, stanza: BackendStanza) -> ConfigError {
        ConfigError(key: stanza.path(error.isLibraryError ? Keys.libraryPath : Keys.recordsTable), reason: error.description)
    }
}
