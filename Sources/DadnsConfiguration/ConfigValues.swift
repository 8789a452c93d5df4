import SettingsKit

/// Every global key's checked text, defaults filled in: read only through its `SettingKey`
/// (the typed sections do), never by a dotted name.
public struct ConfigValues: Sendable, SettingsReading {
    private let storage: [String: String]

    init(_ storage: [String: String]) { self.storage = storage }

    public func optionalText(_ key: SettingKey) -> String? { storage[key.path] ?? key.defaultValue }
}
