import SettingsKit

/// `log_level`.
public struct LoggingSection: Sendable {
    /// `debug`, `info`, … (lower case).
    public var level: String

    init(_ values: ConfigValues) {
        level = values.text(ConfigSchema.Logging.level)
    }
}
