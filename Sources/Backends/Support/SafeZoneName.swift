import DNSZone

/// The one check a zone name passes before it becomes part of a path, a config file or a
/// command's input.
public enum SafeZoneName {
    /// True when `name` is already in the form DirectAdmin's intake admits (`DomainNameRules`:
    /// lower-case letters, digits, `-`, `_`, labels of 1–63 octets, at most 253 octets, no
    /// trailing dot): nothing that could leave a directory, break out of quotes, or split a line
    /// or an argument.
    public static func isSafe(_ name: String) -> Bool {
        DomainNameRules.normalize(name) == .success(name)
    }

    /// Why `name` may not reach a backend, or nil when it may.
    public static func problem(_ name: String) -> String? {
        switch DomainNameRules.normalize(name) {
        case .success(let normalized) where normalized == name: return nil
        case .success: return "refused zone name \(String(reflecting: name)): not in normal form (lower case, no trailing dot)"
        case .failure(let problem): return "refused zone name \(String(reflecting: String(name.prefix(80)))): \(problem)"
        }
    }
}
