import SettingsKit

/// `healing.*`: periodic passes comparing the backends with the desired state.
public struct HealingSection: Sendable {
    public var enabled: Bool
    public var intervalMinutes: Double
    public var initialDelayMinutes: Double
    public var dryRun: Bool

    init(_ values: ConfigValues) {
        enabled = values.bool(ConfigSchema.Healing.enabled)
        intervalMinutes = values.number(ConfigSchema.Healing.intervalMinutes)
        initialDelayMinutes = values.number(ConfigSchema.Healing.initialDelayMinutes)
        dryRun = values.bool(ConfigSchema.Healing.dryRun)
    }
}
