import DirectAdmin
import Engine
import SettingsKit

/// `reconciliation.*`: polling the DirectAdmin servers.
public struct ReconciliationSection: Sendable {
    public var enabled: Bool
    public var dryRun: Bool
    public var intervalMinutes: Double
    public var initialDelayMinutes: Double
    /// `verify_ssl`.
    public var verifyCertificates: Bool
    /// `ipp`: items per page when listing a server's domains.
    public var itemsPerPage: Int
    public var timeoutSeconds: Double
    public var maxDeleteShare: Double
    public var maxDeleteFloor: Int
    public var fetchMissing: Bool
    public var fetchesPerSecond: Double
    /// `directadmin_servers`.
    public var servers: [AppConfig.DirectAdminServerEntry] = []

    init(_ values: ConfigValues) {
        typealias Keys = ConfigSchema.Reconciliation
        enabled = values.bool(Keys.enabled)
        dryRun = values.bool(Keys.dryRun)
        intervalMinutes = values.number(Keys.intervalMinutes)
        initialDelayMinutes = values.number(Keys.initialDelayMinutes)
        verifyCertificates = values.bool(Keys.verifySsl)
        itemsPerPage = values.integer(Keys.itemsPerPage)
        timeoutSeconds = values.number(Keys.timeoutSeconds)
        maxDeleteShare = values.number(Keys.maxDeleteShare)
        maxDeleteFloor = values.integer(Keys.maxDeleteFloor)
        fetchMissing = values.bool(Keys.fetchMissing)
        fetchesPerSecond = values.number(Keys.fetchPerSecond)
    }

    /// The servers as the reconciler and the DirectAdmin client take them.
    public var directAdminServers: [DirectAdminServer] {
        servers.map {
            DirectAdminServer(hostname: $0.hostname, port: $0.port, username: $0.username, password: $0.password, ssl: $0.ssl)
        }
    }

    /// Each call's time limit.
    public var timeout: Duration { .milliseconds(Int(timeoutSeconds * 1000)) }

    /// The reconciler's settings (`dryRun` overrides `dry_run`).
    public func settings(dryRun: Bool? = nil) -> ReconcilerSettings {
        ReconcilerSettings(
            servers: directAdminServers, dryRun: dryRun ?? self.dryRun, itemsPerPage: itemsPerPage,
            verifyCertificates: verifyCertificates, timeout: timeout, maxDeleteShare: maxDeleteShare,
            maxDeleteFloor: maxDeleteFloor, fetchMissing: fetchMissing, fetchesPerSecond: fetchesPerSecond)
    }
}

extension AppConfig {
    /// The reconciler's settings from `reconciliation.*` (`dryRun` overrides `dry_run`).
    public func reconcilerSettings(dryRun: Bool? = nil) -> ReconcilerSettings { reconciliation.settings(dryRun: dryRun) }
}
