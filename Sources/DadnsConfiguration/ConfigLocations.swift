/// Where each key of a loaded configuration came from: its line in the file, or the `DADNS_…`
/// variable that set it. Fills in errors raised after loading (cross-key checks, preflight),
/// which know only the key.
import SettingsKit

public struct ConfigLocations: Sendable {
    private(set) var lines: [String: Int] = [:]
    let variables: [String: String]

    init(_ tree: ConfigNode, variables: [String: String]) {
        self.variables = variables
        record(tree, prefix: "")
    }

    private mutating func record(_ node: ConfigNode, prefix: String) {
        switch node {
        case .mapping(let entries):
            for entry in entries {
                let path = prefix.isEmpty ? entry.key : prefix + "." + entry.key
                if let line = entry.line ?? entry.value.line { lines[path] = line }
                record(entry.value, prefix: path)
            }
        case .sequence(let items):
            for (index, item) in items.enumerated() {
                let path = "\(prefix)[\(index)]"
                if let line = item.line { lines[path] = line }
                record(item, prefix: path)
            }
        case .scalar, .null:
            break
        }
    }

    /// `error` with its line (or variable) when it has none yet.
    public func annotate(_ error: ConfigError) -> ConfigError {
        guard error.line == nil && error.variable == nil else { return error }
        var annotated = error
        if let variable = variables[error.key] {
            annotated.variable = variable
        } else {
            annotated.line = lines[error.key]
        }
        return annotated
    }
}
