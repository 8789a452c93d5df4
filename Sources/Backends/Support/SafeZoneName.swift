/// The one check a zone name passes before it becomes part of a path, a config file or a
/// command's input.
public enum SafeZoneName {
    /// Lower-case letters, digits, `-`, `_` and single dots, at most 253 bytes: nothing that
    /// could leave a directory, break out of quotes, or split a line or an argument.
    public static func isSafe(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253, !name.hasPrefix("."), !name.hasSuffix("."), !name.contains("..")
        else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }
}
