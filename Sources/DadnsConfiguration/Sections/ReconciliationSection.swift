import DirectAdmin
import Engine
import SettingsKit

/// `reconciliation.*`: whether and when the reconciler polls the DirectAdmin servers, and the
/// settings it runs with.
public struct ReconciliationSection: Sendable {
    public var enabled: Bool
    public var intervalMinutes: Double
    public var initialDelayMinutes: Double
    /// `dry_run`, `ipp`, `verify_ssl`, `timeout_seconds`, the delete guard, fetching, and the
    /// servers (`directadmin_servers`).
    public var settings: ReconcilerSettings

    init(_ values: ConfigValues, servers: [DirectAdminServer]) {
        typealias Keys = ConfigSchema.Reconciliation
        enabled = values.bool(Keys.enabled)
        intervalMinutes = values.number(Keys.intervalMinutes)
        initialDelayMinutes = values.number(Keys.initialDelayMinutes)
        settings = ReconcilerSettings(
            servers: servers, dryRun: values.bool(Keys.dryRun), itemsPerPage: values.integer(Keys.itemsPerPage),
            verifyCertificates: values.bool(Keys.verifySsl), timeout: .milliseconds(Int(values.number(Keys.timeoutSeconds) * 1000)),
            maxDeleteShare: values.number(Keys.maxDeleteShare), maxDeleteFloor: values.integer(Keys.maxDeleteFloor),
            fetchMissing: values.bool(Keys.fetchMissing), fetchesPerSecond: values.number(Keys.fetchPerSecond))
    }

    /// `directadmin_servers`.
    public var servers: [DirectAdminServer] { settings.servers }
}

extension AppConfig {
    /// The reconciler's settings from `reconciliation.*` (`dryRun` overrides `dry_run`).
    public func reconcilerSettings(dryRun: Bool? = nil) -> ReconcilerSettings {
        var settings = reconciliation.settings
        if let dryRun { settings.dryRun = dryRun }
        return settings
    }
}
