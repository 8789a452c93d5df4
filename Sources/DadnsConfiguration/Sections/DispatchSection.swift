import SettingsKit

/// `dns.*` besides the stanzas: how changes reach the backends.
public struct DispatchSection: Sendable {
    /// Most zones one backend batch applies; nil: each backend's own (`preferredBatchSize`,
    /// else `DispatcherLane.defaultBatchSize`).
    public var batchSize: Int?
    /// Wait after a change before applying it, so a burst of saves is applied once.
    public var settleSeconds: Double
    /// `dns.retry_schedule_seconds`: the delays before each retry.
    public var retryDelays: [Double]

    init(_ values: ConfigValues) {
        batchSize = values.optionalInteger(ConfigSchema.Dispatch.batchSize)
        settleSeconds = values.number(ConfigSchema.Dispatch.settleSeconds)
        retryDelays = values.numbers(ConfigSchema.Dispatch.retryScheduleSeconds)
    }
}
