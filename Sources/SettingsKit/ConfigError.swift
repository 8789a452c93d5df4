/// A configuration problem that stops start-up: the key it concerns, why, and where it came
/// from (the file's line, or the `DADNS_…` variable that set it).
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public var key: String
    public var reason: String
    public var line: Int?
    /// The environment variable the value came from.
    public var variable: String?

    public init(key: String, reason: String, line: Int? = nil, variable: String? = nil) {
        self.key = key
        self.reason = reason
        self.line = line
        self.variable = variable
    }

    public var description: String {
        let subject = variable.map { key.isEmpty ? $0 : "\($0) (\(key))" } ?? key
        let text = subject.isEmpty ? reason : "\(subject): \(reason)"
        return text + (line.map { " (line \($0))" } ?? "")
    }
}
