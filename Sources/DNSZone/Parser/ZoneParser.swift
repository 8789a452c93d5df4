/// Parses RFC 1035 master files as DirectAdmin and people write them, and validates the result
/// the way `named-checkzone` does by default.
///
/// `$INCLUDE` is always refused: a pushed zone must never make us read a file.
public enum ZoneParser {
    /// Parses and validates `text` as the zone `origin`.
    public static func parse(_ text: String, origin: DNSName) throws(ZoneError) -> Zone {
        try parse(Array(text.utf8), origin: origin)
    }

    /// Parses and validates raw bytes (any encoding; names and strings are taken as bytes).
    public static func parse(_ bytes: [UInt8], origin: DNSName) throws(ZoneError) -> Zone {
        var result: Result<Zone, ZoneError> = .failure(ZoneError(line: 0, reason: "not parsed"))
        bytes.withUnsafeBufferPointer { buffer in
            do throws(ZoneError) {
                result = .success(try ParallelZoneReading.read(buffer, origin: origin, releaseInput: nil))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses a zone file from disk without holding all of it in memory: the file is mapped and
    /// the pages already parsed are handed back to the kernel as the parser moves on, so memory
    /// is the zone's records plus a few megabytes. Throws `ZoneFileError` when the file cannot
    /// be read and `ZoneError` when it is not a valid zone.
    public static func parse(contentsOfFile path: String, origin: DNSName) throws -> Zone {
        let file = try MappedFile(path: path)
        defer { file.close() }
        return try ParallelZoneReading.read(file.buffer, origin: origin, releaseInput: { file.release($0) })
    }
}

