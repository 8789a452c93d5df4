import Backends
import Foundation
import Logging
import MariaDB

/// Builds the backend for one enabled `dns.backends.<name>` stanza. One `case` per backend type.
enum BackendFactory {
    static func make(_ backend: AppConfig.Backend, logger: Logger) throws -> any DNSBackend {
        switch backend.type {
        case "bind":
            let settings = bindSettings(backend)
            logger.info("\(backend.name): \(settings.rndcDescription)")
            return try BindBackend(name: backend.name, settings: settings, logger: logger)
        case "coredns_mysql":
            do {
                return try CoreDNSMySQLBackend(name: backend.name, settings: coreDNSMySQLSettings(backend), logger: logger)
            } catch let error as MariaDBError {
                let key = error.isLibraryError ? "library_path" : "records_table"
                throw ConfigError(key: "dns.backends.\(backend.name).\(key)", reason: error.description)
            }
        case "nsd":
            return try NSDBackend(name: backend.name, settings: nsdSettings(backend), logger: logger)
        default:
            throw ConfigError(
                key: "dns.backends.\(backend.name).type",
                reason: "unknown backend type '\(backend.type)' (bind, nsd and coredns_mysql are available)")
        }
    }

    /// Checks what start-up needs before anything runs (`check-config` and `serve`): a
    /// coredns_mysql backend needs Connector/C and valid table names.
    static func preflight(_ config: AppConfig) throws {
        for backend in config.enabledBackends where backend.type == "coredns_mysql" {
            do {
                _ = try MariaDBLibrary.load(path: backend.string("library_path"))
                for key in ["zones_table", "records_table"] {
                    if let name = backend.string(key) { _ = try MariaDBIdentifier.quoted(name) }
                }
            } catch let error as MariaDBError {
                let key = error.isLibraryError ? "library_path" : "records_table"
                throw ConfigError(key: "dns.backends.\(backend.name).\(key)", reason: error.description)
            }
        }
    }

    /// A bind stanza's settings (also what `dadns doctor` checks); without `rndc_path` the `rndc` on `searchPath` (PATH) is used,
    /// as the reference does (`settings.rndcProgram` says which, or why none).
    static func bindSettings(
        _ backend: AppConfig.Backend, searchPath: String? = ProcessInfo.processInfo.environment["PATH"]
    ) -> BindBackendSettings {
        var settings = BindBackendSettings(
            zonesDirectory: backend.string("zones_dir") ?? "./data/zones",
            includeFile: backend.string("named_conf") ?? "./data/named.conf.include",
            rndcServer: backend.string("rndc_server"), rndcPort: backend.integer("rndc_port"),
            rndcKeyFile: backend.string("rndc_key_file"),
            commandTimeout: backend.string("command_timeout").flatMap(Double.init) ?? 30)
        settings.rndcProgram = .choose(
            rndcPath: backend.string("rndc_path"), reload: backend.string("reload") != "false", searchPath: searchPath)
        return settings
    }

    /// An nsd stanza's settings (also what `dadns doctor` checks).
    static func nsdSettings(_ backend: AppConfig.Backend) -> NSDBackendSettings {
        NSDBackendSettings(
            zonesDirectory: backend.string("zones_dir") ?? "./data/nsd/zones",
            includeFile: backend.string("nsd_conf"),
            controlPath: backend.string("nsd_control_path") ?? "/usr/sbin/nsd-control",
            controlConfig: backend.string("nsd_control_config"),
            pattern: backend.string("pattern") ?? "dadns",
            commandTimeout: backend.string("command_timeout").flatMap(Double.init) ?? 30)
    }

    static func coreDNSMySQLSettings(_ backend: AppConfig.Backend) -> CoreDNSMySQLSettings {
        let tls = MariaDBConfiguration.TLS(
            enabled: backend.string("ssl") == "true", caFile: backend.string("ssl_ca"),
            certificateFile: backend.string("ssl_cert"), keyFile: backend.string("ssl_key"),
            verifyServerCertificate: backend.string("ssl_verify_server_cert") != "false")
        let connection = MariaDBConfiguration(
            host: backend.string("host") ?? "127.0.0.1", port: backend.integer("port") ?? 3306,
            unixSocket: backend.string("unix_socket"), username: backend.string("username") ?? "coredns",
            password: backend.string("password"), database: backend.string("database") ?? "coredns",
            connectTimeout: backend.integer("connect_timeout") ?? 5, readTimeout: backend.integer("read_timeout") ?? 30,
            writeTimeout: backend.integer("write_timeout") ?? 30, tls: tls)
        return CoreDNSMySQLSettings(
            connection: connection, zonesTable: backend.string("zones_table") ?? "zones",
            recordsTable: backend.string("records_table") ?? backend.string("table_name") ?? "records",
            poolSize: backend.integer("pool_size") ?? 4, libraryPath: backend.string("library_path"))
    }
}
