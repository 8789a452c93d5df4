import Yams

/// A configuration document as a plain tree (keys in file order), from YAML or built in code.
/// Scalars keep their text; types are checked later against `ConfigSchema`.
indirect enum ConfigNode: Equatable, Sendable {
    case scalar(String, line: Int?)
    case mapping([ConfigEntry])
    case sequence([ConfigNode])
    case null

    /// The entry under `key` of a mapping.
    subscript(key: String) -> ConfigNode? {
        guard case .mapping(let entries) = self else { return nil }
        return entries.last(where: { $0.key == key })?.value
    }

    /// Sets `value` at `path`, creating mappings on the way (a scalar in the way is replaced).
    mutating func set(_ value: ConfigNode, at path: ArraySlice<String>) {
        guard let key = path.first else {
            self = value
            return
        }
        var entries: [ConfigEntry]
        if case .mapping(let existing) = self { entries = existing } else { entries = [] }
        if let index = entries.lastIndex(where: { $0.key == key }) {
            entries[index].value.set(value, at: path.dropFirst())
        } else {
            var child = ConfigNode.null
            child.set(value, at: path.dropFirst())
            entries.append(ConfigEntry(key: key, value: child))
        }
        self = .mapping(entries)
    }

    /// Parses YAML text. An empty document is an empty mapping.
    static func parse(yaml: String) throws -> ConfigNode {
        guard let root = try Yams.compose(yaml: yaml) else { return .mapping([]) }
        return try ConfigNode(root)
    }

    private init(_ node: Node) throws {
        switch node {
        case .scalar(let scalar):
            if node.null != nil && scalar.style == .plain {
                self = .null
            } else {
                self = .scalar(scalar.string, line: scalar.mark.map { $0.line })
            }
        case .mapping(let mapping):
            var entries: [ConfigEntry] = []
            for (key, value) in mapping {
                guard let name = key.string else { throw ConfigError(key: "", reason: "a mapping key is not text") }
                entries.append(ConfigEntry(key: name, value: try ConfigNode(value)))
            }
            self = .mapping(entries)
        case .sequence(let sequence):
            self = .sequence(try sequence.map { try ConfigNode($0) })
        case .alias:
            throw ConfigError(key: "", reason: "YAML aliases are not supported")
        }
    }
}

/// One `key: value` of a mapping.
struct ConfigEntry: Equatable, Sendable {
    var key: String
    var value: ConfigNode
}

/// A configuration problem that stops start-up: the key it concerns and why.
struct ConfigError: Error, CustomStringConvertible, Equatable {
    var key: String
    var reason: String

    var description: String { key.isEmpty ? reason : "\(key): \(reason)" }
}
