import SettingsKit

extension ConfigLoader {
    /// One entry of a list section, checked against its keys, defaults filled in.
    struct ListEntry: SettingsReading {
        /// `reconciliation.directadmin_servers[0]`: what errors about the entry name.
        var key: String
        /// The entry's checked values by key name, defaults filled in.
        var fields: [String: String]
        var line: Int?

        func optionalText(_ key: SettingKey) -> String? { fields[key.path] ?? key.defaultValue }
    }

    /// The entries of a list section (`reconciliation.directadmin_servers`, `peer_sync.peers`):
    /// each a mapping of `keys`, every value checked against its key. Errors name the entry and
    /// key with its line, and never show a secret's value. Empty when the section is absent.
    static func listEntries(_ section: ConfigNode?, base: String, keys: [SettingKey], expected: String) throws -> [ListEntry] {
        guard let section, section != .null else { return [] }
        guard case .sequence(let items) = section else {
            throw ConfigError(key: base, reason: "expected \(expected)", line: section.line)
        }
        let names = keys.map(\.path)
        return try items.enumerated().map { index, item in
            let key = "\(base)[\(index)]"
            guard case .mapping(let entries) = item else {
                throw ConfigError(key: key, reason: "expected a mapping of settings", line: item.line)
            }
            var fields: [String: String] = [:]
            for schema in keys { fields[schema.path] = schema.defaultValue }
            for entry in entries {
                let line = entry.line ?? entry.value.line
                guard let schema = keys.first(where: { $0.path == entry.key }) else {
                    throw ConfigError(
                        key: "\(key).\(entry.key)",
                        reason: "unknown key (known: \(names.joined(separator: ", ")))" + NearestName.hint(for: entry.key, among: names),
                        line: line)
                }
                guard case .scalar(let text, _) = entry.value else {
                    if entry.value == .null { continue }
                    throw ConfigError(key: "\(key).\(entry.key)", reason: "expected a single value", line: line)
                }
                switch ConfigValueParsing.check(text, as: schema.type) {
                case .success(let normalized): fields[entry.key] = normalized
                case .failure(let reason):
                    throw ConfigError(key: "\(key).\(entry.key)", reason: schema.secret ? "invalid value" : reason, line: line)
                }
            }
            return ListEntry(key: key, fields: fields, line: item.line)
        }
    }
}
