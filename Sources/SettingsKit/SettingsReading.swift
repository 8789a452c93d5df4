/// Typed reads of checked configuration text, by key. The loader has checked every value
/// against its key's type and filled in the defaults, so a key with a default always has a
/// value; the fallbacks (`""`, `0`, `false`) only give the compiler a value for what cannot happen.
public protocol SettingsReading {
    /// The checked text set for `key`, else its default; nil when neither.
    func optionalText(_ key: SettingKey) -> String?
}

extension SettingsReading {
    public func text(_ key: SettingKey) -> String { optionalText(key) ?? "" }
    public func optionalInteger(_ key: SettingKey) -> Int? { optionalText(key).flatMap { Int($0) } }
    public func integer(_ key: SettingKey) -> Int { optionalInteger(key) ?? 0 }
    public func number(_ key: SettingKey) -> Double { optionalText(key).flatMap(Double.init) ?? 0 }
    public func bool(_ key: SettingKey) -> Bool { optionalText(key).flatMap(ConfigValueParsing.bool) ?? false }
    /// A `.numberList` key's numbers.
    public func numbers(_ key: SettingKey) -> [Double] { text(key).split(separator: ",").compactMap { Double($0) } }
    /// A `.byteSize` key in bytes.
    public func byteSize(_ key: SettingKey) -> Int { ConfigValueParsing.byteSize(text(key)) ?? 0 }
}
