/// A typed default a key can be given (`default: Defaults.commandTimeout`), so the constant a
/// settings type's initializer uses is the key's default too: the value is written once.
public protocol SettingDefault: Sendable {
    /// The value as the configuration writes it (`30`, `0.1`, `true`, `30,120,300`).
    var settingText: String { get }
}

extension String: SettingDefault {
    public var settingText: String { self }
}

extension Int: SettingDefault {
    public var settingText: String { String(self) }
}

extension Double: SettingDefault {
    /// `30` for 30.0, `0.1` for 0.1.
    public var settingText: String { self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}

extension Bool: SettingDefault {
    public var settingText: String { self ? "true" : "false" }
}

extension Array: SettingDefault where Element == Double {
    public var settingText: String { map(\.settingText).joined(separator: ",") }
}

extension SettingKey {
    /// A key whose default is a typed constant the programmatic initializer shares.
    public init(
        _ path: String, _ type: ValueType, default value: some SettingDefault, secret: Bool = false, unused: Bool = false,
        _ help: String
    ) {
        self.init(path, type, default: value.settingText as String?, secret: secret, unused: unused, help)
    }
}
