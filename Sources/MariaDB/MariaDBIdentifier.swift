/// SQL identifiers (table and column names) from configuration: checked, then backquoted.
/// Identifiers cannot be escaped like values, so only a safe set of names is accepted.
public enum MariaDBIdentifier {
    /// True for `^[A-Za-z_][A-Za-z0-9_]{0,63}$`.
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 64, isLetter(first) || first == UInt8(ascii: "_") else { return false }
        return bytes.allSatisfy { isLetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_") }
    }

    /// The name in backquotes, for use in SQL.
    /// - Throws: `MariaDBError.invalidArgument` for a name outside the safe set.
    public static func quoted(_ name: String) throws -> String {
        guard isValid(name) else {
            throw MariaDBError.invalidArgument("'\(name)' is not an accepted SQL name (letters, digits and _, at most 64, not starting with a digit)")
        }
        return "`\(name)`"
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
