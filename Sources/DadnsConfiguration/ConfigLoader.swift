import Backends
import Foundation
import SettingsKit

/// Finds, reads and checks the configuration: defaults, then the YAML file, then `DADNS_…`
/// environment variables. Unknown keys are warnings; a bad value is an error naming the key.
public enum ConfigLoader {
    /// Where the file is looked for when `--config` is not given, in order.
    public static let searchPaths = [
        "./config/app.yml", "./config/app.yaml", "./app.yml", "./app.yaml",
        "/etc/directdnsonly/app.yml", "/etc/directdnsonly/app.yaml",
    ]

    /// Sections the reference reads that later issues implement; accepted without warnings.
    static let laterSections: Set<String> = []

    public struct Loaded: Sendable {
        public var config: AppConfig
        public var warnings: [String]
        /// Lines and variables of the keys, for errors found after loading.
        public var locations: ConfigLocations
    }

    /// Loads the configuration. `explicitPath` must exist; otherwise the search paths are tried
    /// and, when none exists, the embedded default is used.
    public static func load(
        explicitPath: String?, environment: [String: String], searchPaths: [String] = ConfigLoader.searchPaths
    ) throws -> Loaded {
        var warnings: [String] = []
        var tree = ConfigNode.mapping([])
        var source: String?
        if let explicitPath {
            tree = try read(explicitPath)
            source = explicitPath
        } else if let found = searchPaths.first(where: { FileManager.default.fileExists(atPath: $0) }) {
            tree = try read(found)
            source = found
        } else {
            tree = embeddedDefault
        }
        let overrides = EnvironmentOverrides.apply(to: &tree, environment: environment)
        // The reference's peer variables (DADNS_PEER_SYNC_PEER_URL, …_1_URL …) belong to peer sync.
        for variable in overrides.unknown where !variable.hasPrefix("DADNS_PEER_SYNC_PEER_") {
            warnings.append("environment variable \(variable) names no configuration key (ignored)")
        }
        let locations = ConfigLocations(tree, variables: overrides.variables)
        var config: AppConfig
        do {
            config = try check(tree, warnings: &warnings, environment: environment, variables: overrides.variables)
        } catch let error as ConfigError {
            throw locations.annotate(error)
        }
        config.sourceFile = source
        config.fromEnvironment = Set(overrides.applied)
        return Loaded(config: config, warnings: warnings, locations: locations)
    }

    /// No file at all: SQLite under ./data and a BIND backend writing ./data, with no rndc
    /// (`reload: false`), so it runs on a machine whatever named it has.
    static let embeddedDefault = ConfigNode.mapping([
        ConfigEntry(key: "dns", value: .mapping([
            ConfigEntry(key: "default_backend", value: .scalar("bind", line: nil)),
            ConfigEntry(key: "backends", value: .mapping([
                ConfigEntry(key: "bind", value: .mapping([
                    ConfigEntry(key: "type", value: .scalar("bind", line: nil)),
                    ConfigEntry(key: "enabled", value: .scalar("true", line: nil)),
                    ConfigEntry(key: "reload", value: .scalar("false", line: nil)),
                ]))
            ])),
        ]))
    ])

    static func read(_ path: String) throws -> ConfigNode {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(key: "", reason: "cannot read configuration file \(path): \(error.localizedDescription)")
        }
        do {
            return try ConfigNode.parse(yaml: text)
        } catch let error as ConfigError {
            throw ConfigError(key: error.key, reason: "\(path): \(error.reason)")
        } catch {
            throw ConfigError(key: "", reason: "\(path) is not valid YAML: \(error)")
        }
    }

    /// Names of the stanzas under `dns.backends`.
    static func backendNames(in tree: ConfigNode) -> [String] {
        guard case .mapping(let entries)? = tree["dns"]?["backends"] else { return [] }
        return entries.map(\.key)
    }

    private static func location(_ line: Int?) -> String { line.map { " (line \($0))" } ?? "" }

    /// Where a value came from, for its error: the file's line, or the variable that set it.
    private static func error(
        _ dotted: String, _ reason: String, entry: ConfigEntry, variables: [String: String]
    ) -> ConfigError {
        // A value from the environment replaced the file's: name the variable, not the line.
        let variable = variables[dotted]
        return ConfigError(key: dotted, reason: reason, line: variable == nil ? entry.line ?? entry.value.line : nil, variable: variable)
    }

    private static func scalarText(_ node: ConfigNode, key: String, allowList: Bool = false) throws -> String? {
        switch node {
        case .null: return nil
        case .scalar(let text, _): return text
        case .sequence(let items) where allowList:
            // A YAML list of scalars becomes comma-separated text (for list-valued keys).
            let texts = try items.map { item -> String in
                guard case .scalar(let text, _) = item else {
                    throw ConfigError(key: key, reason: "expected a list of single values")
                }
                return text
            }
            return texts.joined(separator: ",")
        default: throw ConfigError(key: key, reason: "expected a single value, not a list or mapping")
        }
    }

    /// Checks the tree against the schema and builds the typed configuration.
    /// `variables` maps the key paths set from the environment to their variables (for errors).
    static func check(
        _ tree: ConfigNode, warnings: inout [String], environment: [String: String] = [:], variables: [String: String] = [:]
    ) throws -> AppConfig {
        guard case .mapping = tree else { throw ConfigError(key: "", reason: "the configuration must be a mapping of keys") }
        var values: [String: String] = [:]
        for key in ConfigSchema.keys { values[key.path] = key.defaultValue }
        try walk(tree, prefix: [], values: &values, warnings: &warnings, variables: variables)
        let backends = try checkBackends(tree, warnings: &warnings, variables: variables, searchPath: environment["PATH"])
        if let name = values["dns.default_backend"], !backends.contains(where: { $0.name == name }) {
            throw ConfigError(
                key: "dns.default_backend",
                reason: "names backend '\(name)', which is not under dns.backends"
                    + NearestName.hint(for: name, among: backends.map(\.name)),
                line: tree["dns"]?["default_backend"]?.line, variable: variables["dns.default_backend"])
        }
        guard !backends.filter(\.enabled).isEmpty else {
            throw ConfigError(
                key: "dns.backends", reason: "no backend is enabled (set dns.backends.<name>.enabled: true): zones would go nowhere",
                line: tree["dns"]?["backends"]?.line)
        }
        let config = AppConfig(
            values: ConfigValues(values), backends: backends, directAdminServers: try checkDirectAdminServers(tree),
            peers: try checkPeers(tree, environment: environment))
        if config.reconciliation.enabled && config.reconciliation.servers.isEmpty {
            warnings.append("Reconciliation enabled but no directadmin_servers configured")
        }
        try checkPeerSync(config, warnings: &warnings)
        try checkStore(config)
        return config
    }

    private static func walk(
        _ node: ConfigNode, prefix: [String], values: inout [String: String], warnings: inout [String],
        variables: [String: String]
    ) throws {
        guard case .mapping(let entries) = node else { return }
        for entry in entries {
            let path = prefix + [entry.key]
            let dotted = path.joined(separator: ".")
            if listSections.contains(dotted) { continue }
            if prefix.isEmpty && laterSections.contains(entry.key) { continue }
            if let key = ConfigSchema.key(dotted) {
                var allowList = false
                if case .numberList = key.type { allowList = true }
                let text: String?
                do {
                    text = try scalarText(entry.value, key: dotted, allowList: allowList)
                } catch let failure as ConfigError {
                    throw error(dotted, failure.reason, entry: entry, variables: variables)
                }
                guard let text else { continue }
                switch ConfigValueParsing.check(text, as: key.type) {
                case .success(let normalized): values[dotted] = normalized
                case .failure(let reason): throw error(dotted, reason, entry: entry, variables: variables)
                }
            } else if ConfigSchema.keys.contains(where: { $0.path.hasPrefix(dotted + ".") }) || dotted == "dns" {
                try walk(entry.value, prefix: path, values: &values, warnings: &warnings, variables: variables)
            } else {
                warnings.append(
                    "unknown configuration key '\(dotted)'\(location(entry.line ?? entry.value.line))"
                        + suggestion(for: entry.key, under: prefix) + " (ignored)")
            }
        }
    }

    /// Keys holding lists or stanzas, checked on their own.
    static let listSections: Set<String> = ["dns.backends", "reconciliation.directadmin_servers", "peer_sync.peers"]

    /// `: did you mean …?` for an unknown key: the nearest name this section holds, else the key
    /// of that name in another section (`app.db_location` → `datastore.db_location`).
    static func suggestion(for name: String, under prefix: [String]) -> String {
        let near = NearestName.hint(for: name, among: knownNames(under: prefix))
        guard near.isEmpty else { return near }
        let elsewhere = (ConfigSchema.keys.map(\.path) + Array(listSections)).filter {
            $0.split(separator: ".").last.map(String.init) == name
        }
        return elsewhere.isEmpty ? "" : ": did you mean " + elsewhere.sorted().map { "`\($0)`" }.joined(separator: " or ") + "?"
    }

    /// The names a mapping at `prefix` may hold: keys and sections.
    static func knownNames(under prefix: [String]) -> [String] {
        let paths = ConfigSchema.keys.map(\.path) + Array(listSections)
        var names: [String] = []
        for path in paths {
            let parts = path.split(separator: ".").map(String.init)
            guard parts.count > prefix.count, Array(parts.prefix(prefix.count)) == prefix else { continue }
            if !names.contains(parts[prefix.count]) { names.append(parts[prefix.count]) }
        }
        return names
    }

    private static func checkBackends(
        _ tree: ConfigNode, warnings: inout [String], variables: [String: String], searchPath: String?
    ) throws -> [BackendStanza] {
        guard let section = tree["dns"]?["backends"] else { return [] }
        guard case .mapping(let stanzas) = section else {
            throw ConfigError(key: "dns.backends", reason: "expected a mapping of backend name to settings", line: section.line)
        }
        var backends: [BackendStanza] = []
        for stanza in stanzas {
            let base = "dns.backends.\(stanza.key)"
            guard !stanza.key.isEmpty, stanza.key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw error(base, "backend names may hold letters, digits, '_' and '-' only", entry: stanza, variables: [:])
            }
            var fields: [String: String] = [:]
            var entries: [String: ConfigEntry] = [:]
            if case .mapping(let stanzaEntries) = stanza.value {
                for entry in stanzaEntries {
                    entries[entry.key] = entry
                    do {
                        // List-valued keys of any backend type (`secondaries`) may be YAML lists.
                        let listKey = BackendRegistry.kinds.contains { $0.key(entry.key)?.type == .textList }
                        if let text = try scalarText(entry.value, key: "\(base).\(entry.key)", allowList: listKey) { fields[entry.key] = text }
                    } catch let failure as ConfigError {
                        throw error(failure.key, failure.reason, entry: entry, variables: variables)
                    }
                }
            } else if stanza.value != .null {
                throw error(base, "expected a mapping of settings", entry: stanza, variables: [:])
            }
            // A stanza without `type` takes its name as type (as the reference does).
            let typeText = fields["type"] ?? stanza.key
            guard case .success(let type) = ConfigValueParsing.check(typeText, as: .choice(BackendRegistry.types)),
                let kind = BackendRegistry.kind(type)
            else {
                throw error(
                    "\(base).type",
                    "unknown backend type '\(typeText)' (known: \(BackendRegistry.types.joined(separator: ", ")))"
                        + NearestName.hint(for: typeText, among: BackendRegistry.types),
                    entry: entries["type"] ?? stanza, variables: variables)
            }
            var settings: [String: String] = [:]
            for key in kind.keys { settings[key.path] = key.defaultValue }
            var enabled = false
            for (name, text) in fields.sorted(by: { $0.key < $1.key }) where name != "type" {
                let entry = entries[name] ?? ConfigEntry(key: name, value: .null)
                guard let key = kind.key(name) else {
                    let known = (BackendRegistry.commonKeys + kind.keys).map(\.path)
                    var hint = NearestName.hint(for: name, among: known)
                    let owners = BackendRegistry.kinds.filter { $0.key(name) != nil }.map(\.type)
                    if hint.isEmpty && !owners.isEmpty {
                        hint = ": it belongs to \(owners.joined(separator: " and ")) backends (is `type` right?)"
                    }
                    warnings.append(
                        "unknown configuration key '\(base).\(name)'\(location(entry.line)) for a \(type) backend\(hint) (ignored)")
                    continue
                }
                switch ConfigValueParsing.check(text, as: key.type) {
                case .success(let normalized):
                    if name == "enabled" { enabled = normalized == "true" } else { settings[name] = normalized }
                case .failure(let reason):
                    throw error("\(base).\(name)", reason, entry: entry, variables: variables)
                }
            }
            let checked = BackendStanza(name: stanza.key, type: type, enabled: enabled, settings: settings)
            if enabled, let warning = kind.warning(checked, searchPath) { warnings.append(warning) }
            backends.append(checked)
        }
        return backends
    }
}
