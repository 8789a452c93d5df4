import Logging
import MariaDB
import SettingsKit

/// One backend type as the configuration knows it: its `type:` name, the keys of its stanza,
/// and how a checked stanza becomes the running backend. Each backend folder describes its own.
public struct BackendKind: Sendable {
    /// The stanza's `type:` (`bind`, `nsd`, `coredns_mysql`).
    public let type: String
    /// The stanza's keys besides the common ones (`BackendRegistry.commonKeys`).
    public let keys: [SettingKey]
    /// Builds the backend; an error caused by a setting is a `ConfigError` naming its key.
    public let make: @Sendable (BackendStanza, Logger) throws -> any DNSBackend
    /// What start-up checks before anything runs (`check-config` and `serve`); nothing by default.
    public let preflight: @Sendable (BackendStanza) throws -> Void
    /// A warning about an enabled stanza for the configuration check, given the PATH dadns runs with.
    public let warning: @Sendable (BackendStanza, _ searchPath: String?) -> String?

    public init(
        type: String, keys: [SettingKey], make: @escaping @Sendable (BackendStanza, Logger) throws -> any DNSBackend,
        preflight: @escaping @Sendable (BackendStanza) throws -> Void = { _ in },
        warning: @escaping @Sendable (BackendStanza, _ searchPath: String?) -> String? = { _, _ in nil }
    ) {
        self.type = type
        self.keys = keys
        self.make = make
        self.preflight = preflight
        self.warning = warning
    }

    /// The key `name` of this type's stanza, common keys included.
    public func key(_ name: String) -> SettingKey? {
        BackendRegistry.commonKeys.first { $0.path == name } ?? keys.first { $0.path == name }
    }
}

extension BackendKind {
    public static let bind = BackendKind(
        type: "bind", keys: BindBackendSettings.Keys.all,
        make: { stanza, logger in
            let settings = BindBackendSettings(stanza: stanza)
            logger.info("\(stanza.name): \(settings.rndcDescription)")
            return try BindBackend(name: stanza.name, settings: settings, logger: logger)
        },
        // Without rndc_path the rndc on PATH is used, as the reference does; none there is worth
        // a warning (reloads skipped on purpose are logged by serve, not warned about).
        warning: { stanza, searchPath in
            BindBackendSettings(stanza: stanza, searchPath: searchPath).rndcProgram.problem.map { "backend '\(stanza.name)': \($0)" }
        })

    public static let nsd = BackendKind(
        type: "nsd", keys: NSDBackendSettings.Keys.all,
        make: { stanza, logger in try NSDBackend(name: stanza.name, settings: NSDBackendSettings(stanza: stanza), logger: logger) })

    public static let coreDNSMySQL = BackendKind(
        type: "coredns_mysql", keys: CoreDNSMySQLSettings.Keys.all,
        make: { stanza, logger in
            do {
                return try CoreDNSMySQLBackend(name: stanza.name, settings: CoreDNSMySQLSettings(stanza: stanza), logger: logger)
            } catch let error as MariaDBError {
                throw CoreDNSMySQLSettings.configError(error, stanza: stanza)
            }
        },
        preflight: CoreDNSMySQLSettings.preflight)
}
