#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files into byte arrays with plain POSIX calls (no intermediate copies).
enum FileReading {
    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    static func read(path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReadError(description: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ReadError(description: String(cString: strerror(errno))) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { return try readStream(descriptor) }
        return try readStream(descriptor, expected: Int(status.st_size))
    }

    static func readStandardInput() throws -> [UInt8] {
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
