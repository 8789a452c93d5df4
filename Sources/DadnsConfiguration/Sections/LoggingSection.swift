import Logging
import SettingsKit

/// `log_level`.
public struct LoggingSection: Sendable {
    public var level: Logger.Level

    init(_ values: ConfigValues) {
        level = Logger.Level(configName: values.text(ConfigSchema.Logging.level))
    }
}

extension Logger.Level {
    /// `info`, `WARNING`, … as the configuration writes them.
    init(configName: String) {
        switch configName.lowercased() {
        case "trace": self = .trace
        case "debug": self = .debug
        case "notice": self = .notice
        case "warning": self = .warning
        case "error": self = .error
        case "critical": self = .critical
        default: self = .info
        }
    }
}
