import Logging
import SettingsKit

/// One backend type as the configuration knows it: its `type:` name, the keys of its stanza,
/// how a checked stanza becomes the running backend, and what start-up logs and `dadns doctor`
/// checks of it. Each backend folder describes its own (`BindBackend+Kind.swift` …), so a new
/// type is one folder and one entry in `BackendRegistry.kinds`.
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
    /// Where the backend writes, for `serve`'s start-up log (`zones in /abs/dir, include file …`).
    public let location: @Sendable (BackendStanza) -> String
    /// The paths the stanza names, which `dadns doctor` and `serve`'s pre-checks probe.
    public let paths: @Sendable (BackendStanza) -> [BackendPath]
    /// `dadns doctor`'s read-only checks of the DNS server behind the stanza (a status command,
    /// a login), each call limited to `timeLimit` seconds.
    public let serviceChecks: @Sendable (BackendStanza, _ timeLimit: Double) async -> [DoctorFinding]

    public init(
        type: String, keys: [SettingKey], make: @escaping @Sendable (BackendStanza, Logger) throws -> any DNSBackend,
        preflight: @escaping @Sendable (BackendStanza) throws -> Void = { _ in },
        warning: @escaping @Sendable (BackendStanza, _ searchPath: String?) -> String? = { _, _ in nil },
        location: @escaping @Sendable (BackendStanza) -> String,
        paths: @escaping @Sendable (BackendStanza) -> [BackendPath] = { _ in [] },
        serviceChecks: @escaping @Sendable (BackendStanza, _ timeLimit: Double) async -> [DoctorFinding] = { _, _ in [] }
    ) {
        self.type = type
        self.keys = keys
        self.make = make
        self.preflight = preflight
        self.warning = warning
        self.location = location
        self.paths = paths
        self.serviceChecks = serviceChecks
    }

    /// The key `name` of this type's stanza, common keys included.
    public func key(_ name: String) -> SettingKey? {
        BackendRegistry.commonKeys.first { $0.path == name } ?? keys.first { $0.path == name }
    }
}
