/// One `dns.backends.<name>` stanza, checked: its name, type, whether it is enabled, and its
/// other keys as checked text (defaults filled in). The backend type that owns the keys reads
/// them (`init(stanza:)` next to each settings type).
public struct BackendStanza: Sendable, Equatable, SettingsReading {
    public var name: String
    public var type: String
    public var enabled: Bool
    private var settings: [String: String]

    public init(name: String, type: String, enabled: Bool, settings: [String: String]) {
        self.name = name
        self.type = type
        self.enabled = enabled
        self.settings = settings
    }

    public func optionalText(_ key: SettingKey) -> String? { settings[key.path] ?? key.defaultValue }

    /// `dns.backends.<name>.<key>`: what an error about one of this stanza's keys names.
    public func path(_ key: SettingKey) -> String { "dns.backends.\(name).\(key.path)" }
}
