/// Why a zone was rejected: the line it concerns (1-based; 0 when it concerns no single line)
/// and the reason in plain words. Made only by the parser (the memberwise initializer is internal).
public struct ZoneError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var reason: String

    public var description: String { "line \(line): \(reason)" }
}

/// Something worth telling about an accepted zone (a record dropped, a suspicious name). Made
/// only by the parser.
public struct ZoneWarning: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public var description: String { "line \(line): \(message)" }
}
