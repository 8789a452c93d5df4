import SettingsKit

/// `status.*`: when `/status` calls a backend degraded.
public struct StatusSection: Sendable {
    /// A backend whose oldest unapplied change is older than this is degraded.
    public var lagWarningSeconds: Double

    init(_ values: ConfigValues) {
        lagWarningSeconds = values.number(ConfigSchema.Status.lagWarningSeconds)
    }
}
