import DNSZone
import DirectAdmin
import SettingsKit

extension ConfigLoader {
    /// `reconciliation.directadmin_servers`: a list of mappings, each checked (host name as a
    /// domain name, port, credentials). Errors name the entry but never show a password.
    static func checkDirectAdminServers(_ tree: ConfigNode) throws -> [DirectAdminServer] {
        typealias Keys = ConfigSchema.DirectAdminServer
        let entries = try listEntries(
            tree["reconciliation"]?["directadmin_servers"], base: "reconciliation.directadmin_servers", keys: Keys.all,
            expected: "a list of servers (- hostname: …, port: …, username: …, password: …)")
        var servers: [DirectAdminServer] = []
        for entry in entries {
            let key = entry.key, line = entry.line
            guard let rawHost = entry.optionalText(Keys.hostname), !rawHost.isEmpty else {
                throw ConfigError(key: "\(key).hostname", reason: "missing: every server needs its hostname", line: line)
            }
            guard case .success(let hostname) = DomainNameRules.normalize(rawHost) else {
                throw ConfigError(key: "\(key).hostname", reason: "'\(rawHost)' is not a valid host name", line: line)
            }
            guard let username = entry.optionalText(Keys.username), !username.isEmpty else {
                throw ConfigError(key: "\(key).username", reason: "missing: \(hostname) needs an admin user name", line: line)
            }
            guard let password = entry.optionalText(Keys.password), !password.isEmpty else {
                throw ConfigError(key: "\(key).password", reason: "missing: \(hostname) needs a password or login key", line: line)
            }
            guard !servers.contains(where: { $0.hostname == hostname }) else {
                throw ConfigError(key: "\(key).hostname", reason: "\(hostname) is listed twice", line: line)
            }
            servers.append(DirectAdminServer(
                hostname: hostname, port: entry.integer(Keys.port), username: username, password: password, ssl: entry.bool(Keys.ssl)))
        }
        return servers
    }
}
