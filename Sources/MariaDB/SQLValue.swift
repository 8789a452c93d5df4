/// A value bound into a statement. The project's Connector/C binding sends statements as text,
/// so every value becomes a literal: text escaped by the connector, numbers printed by Swift.
/// Nothing from the network reaches SQL any other way.
public enum SQLValue: Sendable {
    case text(String)
    case integer(Int64)
    case real(Double)
    case null

    /// The literal for `connection`'s character set.
    public func literal(on connection: MariaDBConnection) throws -> String {
        switch self {
        case .text(let text): return try connection.literal(text)
        case .integer(let value): return String(value)
        case .real(let value):
            // Swift prints the shortest text that reads back as the same double (`1e-05` too,
            // which MariaDB reads as a number); NaN and infinities have no SQL literal.
            guard value.isFinite else { throw MariaDBError.invalidArgument("a time or number is not finite: \(value)") }
            return "\(value)"
        case .null: return "NULL"
        }
    }
}

/// Types that bind as an `SQLValue`.
public protocol SQLBindable: Sendable {
    /// The value as bound into a statement.
    var sqlValue: SQLValue { get }
}

extension SQLValue: SQLBindable { public var sqlValue: SQLValue { self } }
extension String: SQLBindable { public var sqlValue: SQLValue { .text(self) } }
extension Int64: SQLBindable { public var sqlValue: SQLValue { .integer(self) } }
extension Int: SQLBindable { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Double: SQLBindable { public var sqlValue: SQLValue { .real(self) } }
extension Bool: SQLBindable { public var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
extension Optional: SQLBindable where Wrapped: SQLBindable { public var sqlValue: SQLValue { self?.sqlValue ?? .null } }
