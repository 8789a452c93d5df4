import Logging
import SettingsKit

/// The settings of a backend that writes zone files (and a catalog zone) for a DNS server on this
/// host (`bind`, `nsd`), as `BackendKind.zoneFiles` reads them.
public protocol ZoneFileBackendSettings: Sendable {
    /// Where the zone files go (`zones_dir`).
    var zonesDirectory: String { get }
    /// The catalog zone and secondaries (`catalog_zone`, `secondaries`, `tsig_key_file`).
    var catalog: CatalogSettings { get set }
}

extension BackendKind {
    /// The kind of a backend writing zone files for a DNS server on this host, built one way for
    /// every such type: its settings read from the stanza with the catalog keys checked (at
    /// start-up too), the zones directory first in the start-up line and in the paths the doctor
    /// probes, and the doctor's check of the server followed by the catalog's secondaries.
    /// `writes` adds to "zones in DIR", `paths` to the zones directory; `moreServerChecks` follow
    /// `serverCheck`.
    static func zoneFiles<Settings: ZoneFileBackendSettings>(
        type: String, keys: [SettingKey], zonesDirectoryKey: SettingKey,
        settings: @escaping @Sendable (BackendStanza) -> Settings,
        make: @escaping @Sendable (BackendStanza, Settings, Logger) throws -> any DNSBackend,
        warning: @escaping @Sendable (BackendStanza, _ searchPath: String?) -> String?,
        writes: @escaping @Sendable (Settings) -> String,
        paths: @escaping @Sendable (Settings) -> [BackendPath],
        serverCheck: @escaping @Sendable (BackendStanza, Settings, _ timeLimit: Double) async -> DoctorFinding,
        moreServerChecks: @escaping @Sendable (BackendStanza, Settings, _ timeLimit: Double) async -> [DoctorFinding] = { _, _, _ in [] }
    ) -> BackendKind {
        BackendKind(
            type: type, keys: keys,
            make: { stanza, logger in
                var checked = settings(stanza)
                checked.catalog = try CatalogSettings.checked(stanza)
                return try make(stanza, checked, logger)
            },
            preflight: { _ = try CatalogSettings.checked($0) },
            warning: warning,
            location: { stanza in
                let settings = settings(stanza)
                return "zones in \(LocalPath.absolute(settings.zonesDirectory))" + writes(settings)
            },
            paths: { stanza in
                let settings = settings(stanza)
                return [BackendPath(zonesDirectoryKey, settings.zonesDirectory, .directory)] + paths(settings)
            },
            serviceChecks: { stanza, timeLimit in
                let settings = settings(stanza)
                let zonesDirectory = LocalPath.absolute(settings.zonesDirectory)
                return [await serverCheck(stanza, settings, timeLimit)] + (await moreServerChecks(stanza, settings, timeLimit))
                    + (await CatalogDoctor.findings(stanza, settings.catalog, zonesDirectory: zonesDirectory, timeLimit: timeLimit))
            })
    }
}
