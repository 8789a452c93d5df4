/// Decodes an HTTP/1.1 body sent with `Transfer-Encoding: chunked` (RFC 9112 §7.1): hex size
/// lines, each chunk's bytes, a zero-size chunk, optional trailer lines, an empty line. dadns
/// streams its large answers (the peer's full listing) this way, without a Content-Length.
public enum ChunkedBody {
    /// The body's bytes once `bytes` (everything after the header block) holds the whole
    /// chunked body; nil while more is to come. A reader calls it when what it has ends with
    /// an empty line (`mayBeComplete`), not after every read: a 25 MB body comes in thousands.
    public static func decode(_ bytes: some RandomAccessCollection<UInt8>) -> [UInt8]? {
        let bytes = Array(bytes)
        var body: [UInt8] = []
        var at = 0
        while true {
            guard let lineEnd = Self.lineEnd(in: bytes, from: at) else { return nil }
            // The size in hex, before any chunk extension (`;name=value`).
            let sizeText = String(decoding: bytes[at..<lineEnd].prefix { $0 != UInt8(ascii: ";") }, as: UTF8.self)
            guard let size = Int(sizeText.filter { $0 != " " && $0 != "\t" }, radix: 16) else { return nil }
            at = lineEnd + 2
            if size == 0 {
                // Trailer lines up to the empty line that ends the body.
                while true {
                    guard let end = Self.lineEnd(in: bytes, from: at) else { return nil }
                    if end == at { return body }
                    at = end + 2
                }
            }
            guard bytes.count >= at + size + 2 else { return nil }
            body.append(contentsOf: bytes[at..<(at + size)])
            at += size + 2
        }
    }

    /// Whether `bytes` ends as a complete chunked body does (the last chunk, or a trailer, and
    /// an empty line): only then is `decode` worth trying.
    public static func mayBeComplete(_ bytes: some BidirectionalCollection<UInt8>) -> Bool {
        bytes.count >= 5 && bytes.suffix(4).elementsEqual([13, 10, 13, 10])
    }

    /// Where the CRLF ending the line that starts at `start` begins.
    static func lineEnd(in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == 13, bytes[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }
}
