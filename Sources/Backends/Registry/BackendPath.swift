import SettingsKit

/// A path a backend stanza names and what the backend does with it: what `dadns doctor` and
/// `serve`'s pre-checks probe (without creating anything) for that backend.
public struct BackendPath: Sendable, Equatable {
    public enum Use: Sendable, Equatable {
        /// A directory the backend creates and writes files in; unusable, start-up stops.
        case directory
        /// A file the backend rewrites; unusable, start-up stops.
        case writtenFile
        /// A file the backend's tool reads; unreadable, only that backend suffers: `consequence` says how.
        case readFile(consequence: String)
    }

    /// The stanza key naming the path (`zones_dir`).
    public var key: String
    /// The path as configured.
    public var path: String
    public var use: Use

    public init(_ key: SettingKey, _ path: String, _ use: Use) {
        self.key = key.path
        self.path = path
        self.use = use
    }
}
