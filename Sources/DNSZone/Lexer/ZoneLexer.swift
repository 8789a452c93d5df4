/// Splits master-file text into tokens the way BIND's lexer does for zone files: whitespace
/// separates fields, `;` starts a comment, parentheses join lines, `"` quotes, `\` escapes the
/// next character. Works in place on the input bytes.
struct ZoneLexer {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0
    private(set) var line = 1
    private var parenthesisDepth = 0
    /// Line on which the current parenthesised group opened, for error messages.
    private var parenthesisLine = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// True when the next logical line starts with a blank (space or tab): its owner is the
    /// previous record's owner.
    var lineStartsWithBlank: Bool {
        position < bytes.count && (bytes[position] == 0x20 || bytes[position] == 0x09)
    }

    /// Reads the next token. `keyValueMode` reads `key="quoted value"` as one token (SvcParams).
    mutating func next(keyValueMode: Bool = false) throws(ZoneSyntaxError) -> ZoneToken {
        let count = bytes.count
        while position < count {
            let byte = bytes[position]
            switch byte {
            case 0x20, 0x09, 0x0D:
                position += 1
            case UInt8(ascii: ";"):
                while position < count && bytes[position] != 0x0A { position += 1 }
            case 0x0A:
                position += 1
                line += 1
                if parenthesisDepth == 0 {
                    return ZoneToken(kind: .endOfLine, start: position - 1, end: position - 1, line: line - 1)
                }
            case UInt8(ascii: "("):
                if parenthesisDepth == 0 { parenthesisLine = line }
                parenthesisDepth += 1
                position += 1
            case UInt8(ascii: ")"):
                guard parenthesisDepth > 0 else {
                    throw ZoneSyntaxError(line: line, reason: "unbalanced parentheses: ')' without '('")
                }
                parenthesisDepth -= 1
                position += 1
            case UInt8(ascii: "\""):
                return try readQuoted()
            default:
                return try readWord(keyValueMode: keyValueMode)
            }
        }
        if parenthesisDepth > 0 {
            throw ZoneSyntaxError(line: parenthesisLine, reason: "unbalanced parentheses: '(' is never closed")
        }
        return ZoneToken(kind: .endOfFile, start: count, end: count, line: line)
    }

    private mutating func readQuoted() throws(ZoneSyntaxError) -> ZoneToken {
        let startLine = line
        position += 1
        let start = position
        let count = bytes.count
        while position < count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\\") {
                if position + 1 < count && bytes[position + 1] == 0x0A { line += 1 }
                position += 2
                continue
            }
            if byte == 0x0A {
                throw ZoneSyntaxError(line: startLine, reason: "unterminated quoted string")
            }
            if byte == UInt8(ascii: "\"") {
                let token = ZoneToken(kind: .quoted, start: start, end: position, line: startLine)
                position += 1
                return token
            }
            position += 1
        }
        throw ZoneSyntaxError(line: startLine, reason: "unterminated quoted string")
    }

    private mutating func readWord(keyValueMode: Bool) throws(ZoneSyntaxError) -> ZoneToken {
        let start = position
        let count = bytes.count
        while position < count {
            let byte = bytes[position]
            switch byte {
            case 0x20, 0x09, 0x0D, 0x0A, UInt8(ascii: ";"), UInt8(ascii: "("), UInt8(ascii: ")"):
                return ZoneToken(kind: .word, start: start, end: position, line: line)
            case UInt8(ascii: "\""):
                if keyValueMode && position > start && bytes[position - 1] == UInt8(ascii: "=") {
                    position += 1
                    while position < count {
                        let inner = bytes[position]
                        if inner == UInt8(ascii: "\\") {
                            position += 2
                            continue
                        }
                        if inner == 0x0A { break }
                        if inner == UInt8(ascii: "\"") {
                            position += 1
                            return ZoneToken(kind: .keyQuotedValue, start: start, end: position, line: line)
                        }
                        position += 1
                    }
                    throw ZoneSyntaxError(line: line, reason: "unterminated quoted string")
                }
                return ZoneToken(kind: .word, start: start, end: position, line: line)
            case UInt8(ascii: "\\"):
                position = min(position + 2, count)
            default:
                position += 1
            }
        }
        return ZoneToken(kind: .word, start: start, end: position, line: line)
    }

    /// The raw bytes of a token.
    func slice(_ token: ZoneToken) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
    }

}

/// A syntax or semantic error at a given line.
struct ZoneSyntaxError: Error {
    var line: Int
    var reason: String
}
