import DirectAdmin
import SettingsKit

extension ConfigLoader {
    /// `reconciliation.directadmin_servers`: a list of mappings, each checked (host name as a
    /// domain name, port, credentials). Errors name the entry but never show a password.
    static func checkDirectAdminServers(_ tree: ConfigNode) throws -> [AppConfig.DirectAdminServerEntry] {
        let base = "reconciliation.directadmin_servers"
        guard let section = tree["reconciliation"]?["directadmin_servers"], section != .null else { return [] }
        guard case .sequence(let items) = section else {
            throw ConfigError(
                key: base, reason: "expected a list of servers (- hostname: …, port: …, username: …, password: …)", line: section.line)
        }
        var servers: [AppConfig.DirectAdminServerEntry] = []
        for (index, item) in items.enumerated() {
            let key = "\(base)[\(index)]"
            guard case .mapping(let entries) = item else {
                throw ConfigError(key: key, reason: "expected a mapping of settings", line: item.line)
            }
            var fields: [String: String] = [:]
            for schema in ConfigSchema.directAdminServerKeys { fields[schema.path] = schema.defaultValue }
            for entry in entries {
                let line = entry.line ?? entry.value.line
                guard let schema = ConfigSchema.directAdminServerKeys.first(where: { $0.path == entry.key }) else {
                    throw ConfigError(
                        key: "\(key).\(entry.key)",
                        reason: "unknown key (known: hostname, port, username, password, ssl)"
                            + NearestName.hint(for: entry.key, among: ConfigSchema.directAdminServerKeys.map(\.path)),
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
            guard let rawHost = fields["hostname"], !rawHost.isEmpty else {
                throw ConfigError(key: "\(key).hostname", reason: "missing: every server needs its hostname", line: item.line)
            }
            guard case .success(let hostname) = DomainNameRules.normalize(rawHost) else {
                throw ConfigError(key: "\(key).hostname", reason: "'\(rawHost)' is not a valid host name", line: item.line)
            }
            guard let username = fields["username"], !username.isEmpty else {
                throw ConfigError(key: "\(key).username", reason: "missing: \(hostname) needs an admin user name", line: item.line)
            }
            guard let password = fields["password"], !password.isEmpty else {
                throw ConfigError(key: "\(key).password", reason: "missing: \(hostname) needs a password or login key", line: item.line)
            }
            guard !servers.contains(where: { $0.hostname == hostname }) else {
                throw ConfigError(key: "\(key).hostname", reason: "\(hostname) is listed twice", line: item.line)
            }
            servers.append(AppConfig.DirectAdminServerEntry(
                hostname: hostname, port: Int(fields["port"] ?? "") ?? 2222, username: username, password: password,
                ssl: fields["ssl"] == "true"))
        }
        return servers
    }
}
