/// The one rule for the plain names dadns takes from outside and writes into paths, SQL values
/// and logs: DirectAdmin user names and node names are 1–64 ASCII letters, digits, `_`, `-`, `.`.
public enum PlainName {
    /// Longest name accepted.
    public static let maximumLength = 64

    /// `text` when it follows the rule, else nil.
    public static func validated(_ text: String) -> String? {
        guard !text.isEmpty, text.utf8.count <= maximumLength,
            text.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0)) })
        else { return nil }
        return text
    }
}
