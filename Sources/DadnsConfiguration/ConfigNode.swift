import SettingsKit
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
                entries.append(ConfigEntry(key: name, value: try ConfigNode(value), line: key.mark?.line))
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
    /// The key's line in the file (nil: built in code or from the environment).
    var line: Int? = nil
}

extension ConfigNode {
    /// The first line this node was read from: a scalar's own line, else its first entry's or item's.
    var line: Int? {
        switch self {
        case .scalar(_, let line): return line
        case .mapping(let entries): return entries.lazy.compactMap { $0.line ?? $0.value.line }.first
        case .sequence(let items): return items.lazy.compactMap(\.line).first
        case .null: return nil
        }
    }
}
