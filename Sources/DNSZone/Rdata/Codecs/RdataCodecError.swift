/// Errors from the rdata codecs: a plain-words reason that the parser prefixes with FILE:LINE.
struct RdataCodecError: Error, Equatable, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
