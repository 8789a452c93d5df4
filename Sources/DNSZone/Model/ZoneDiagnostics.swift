/// Why a zone was rejected: the line it concerns (1-based; 0 when it concerns no single line)
/// and the reason in plain words.
public struct ZoneError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
}

/// Something worth telling about an accepted zone (a record dropped, a suspicious name).
public struct ZoneWarning: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}
