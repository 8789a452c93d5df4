/// What `AtomicFile` writes a file from: bytes, a string's UTF-8 as the string stores it, or
/// contents rendered piece by piece as they are written (`ZoneIncludeContents`). Writing a string
/// as it is spares a byte copy of it, and writing in pieces spares holding the whole file: a bind
/// batch of 10,000 zone texts and the 10 MB include at 100,000 zones were each held twice while
/// written (docs/benchmarks.md, "Memory during 100,000 pushes").
public protocol FileContents: Sendable {
    /// Hands the contents to `write` in one or more pieces, in order; stops and returns false as
    /// soon as `write` does.
    func write(inPieces write: (UnsafeRawBufferPointer) -> Bool) -> Bool
}

extension Array: FileContents where Element == UInt8 {
    public func write(inPieces write: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        withUnsafeBytes(write)
    }
}

extension String: FileContents {
    public func write(inPieces write: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        // A native string (as Swift builds them, and as the store reads them) is already
        // contiguous UTF-8: `withUTF8` copies only a string that is not.
        var text = self
        return text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }
}

/// Either of two kinds of contents, for one batch of files that mixes them.
public enum EitherFileContents<First: FileContents, Second: FileContents>: FileContents {
    case first(First)
    case second(Second)

    public func write(inPieces write: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        switch self {
        case .first(let contents): contents.write(inPieces: write)
        case .second(let contents): contents.write(inPieces: write)
        }
    }
}
