#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files into byte arrays with plain POSIX calls (no intermediate copies).
///
/// The daemon reads small files all the time (rndc output, include files). Foundation's
/// `String(contentsOf:)` leaks about 4 KiB on every empty file in this toolchain (seen with
/// heaptrack: 10 MB a minute under steady load), so nothing long-running uses it.
public enum FileReading {
    public struct ReadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The whole file at `path`.
    public static func read(path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReadError(description: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ReadError(description: String(cString: strerror(errno))) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { return try readStream(descriptor) }
        return try readStream(descriptor, expected: Int(status.st_size))
    }

    /// The file as UTF-8 text (invalid bytes repaired), or nil when it cannot be read.
    public static func text(path: String) -> String? {
        guard let bytes = try? read(path: path) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Everything from an open descriptor's current offset to its end.
    public static func read(descriptor: Int32) throws -> [UInt8] {
        try readStream(descriptor)
    }

    /// Everything on standard input.
    public static func readStandardInput() throws -> [UInt8] {
        try readStream(0)
    }

    private static func readStream(_ descriptor: Int32, expected: Int = 65536) throws -> [UInt8] {
        var result = [UInt8](repeating: 0, count: max(expected, 4096) + 1)
        var length = 0
        while true {
            if length == result.count {
                result.append(contentsOf: repeatElement(0, count: result.count))
            }
            let count = result.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.read(descriptor, base + length, buffer.count - length)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(description: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            length += count
        }
        result.removeSubrange(length...)
        return result
    }
}
