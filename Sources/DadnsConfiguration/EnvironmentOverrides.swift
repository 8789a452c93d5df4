import Backends
import Foundation

/// `DADNS_…` environment variables override configuration keys: the key's dotted path in upper
/// case with `_` for `.` (`DADNS_APP_AUTH_PASSWORD` → `app.auth_password`,
/// `DADNS_DNS_BACKENDS_COREDNS_DC1_ENABLED` → `dns.backends.coredns_dc1.enabled`).
enum EnvironmentOverrides {
    static let prefix = "DADNS_"
    /// The form the reference's library actually looks up (`DADNS.APP.AUTH_PASSWORD`), also accepted.
    static let dottedPrefix = "DADNS."

    /// Applies the overrides to `tree`; returns the paths set, the variables not understood,
    /// and which variable set each path (so an error can name it).
    static func apply(
        to tree: inout ConfigNode, environment: [String: String]
    ) -> (applied: [String], unknown: [String], variables: [String: String]) {
        var applied: [String] = []
        var unknown: [String] = []
        var variables: [String: String] = [:]
        for (variable, value) in environment.sorted(by: { $0.key < $1.key })
        where variable.hasPrefix(prefix) || variable.hasPrefix(dottedPrefix) {
            guard let path = path(for: variable, tree: tree) else {
                unknown.append(variable)
                continue
            }
            tree.set(.scalar(value, line: nil), at: path[...])
            applied.append(path.joined(separator: "."))
            variables[path.joined(separator: ".")] = variable
        }
        return (applied, unknown, variables)
    }

    /// The key path a variable names, if any.
    static func path(for variable: String, tree: ConfigNode) -> [String]? {
        let name = variable.dropFirst(prefix.count).lowercased().replacingOccurrences(of: ".", with: "_")
        for key in ConfigSchema.keys where key.path.replacingOccurrences(of: ".", with: "_") == name {
            return key.path.split(separator: ".").map(String.init)
        }
        let backendsPrefix = "dns_backends_"
        guard name.hasPrefix(backendsPrefix) else { return nil }
        let tail = name.dropFirst(backendsPrefix.count)
        // The backend name may itself hold underscores: try every known key as the suffix and
        // prefer a backend the file already has, then the longest key.
        let existing = Set(ConfigLoader.backendNames(in: tree))
        var candidates: [(backend: String, key: String)] = []
        let allKeys = BackendRegistry.commonKeys.map(\.path) + BackendRegistry.kinds.flatMap { $0.keys.map(\.path) }
        for key in Set(allKeys) where tail.hasSuffix("_" + key) && tail.count > key.count + 1 {
            candidates.append((String(tail.dropLast(key.count + 1)), key))
        }
        let best = candidates.max { left, right in
            let leftKnown = existing.contains(left.backend), rightKnown = existing.contains(right.backend)
            if leftKnown != rightKnown { return rightKnown }
            return left.key.count < right.key.count
        }
        guard let best else { return nil }
        return ["dns", "backends", best.backend, best.key]
    }
}
