/// One token of a master file: a byte range of the input, escapes still in place.
struct ZoneToken {
    enum Kind: Equatable {
        /// An unquoted word (may contain backslash escapes).
        case word
        /// The inside of a `"…"` string, quotes excluded (may contain backslash escapes).
        case quoted
        /// `key="value"` read in SvcParam mode: the range spans `key="value"` including quotes.
        case keyQuotedValue
        /// End of a logical line (newline outside parentheses).
        case endOfLine
        case endOfFile
    }

    var kind: Kind
    var start: Int
    var end: Int
    /// Line on which the token starts (1-based).
    var line: Int

    var count: Int { end - start }
    var isEnd: Bool { kind == .endOfLine || kind == .endOfFile }
}
