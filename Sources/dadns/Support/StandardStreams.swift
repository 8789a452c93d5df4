#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unbuffered writes to standard error.
enum StandardError {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        FileDescriptorWriting.writeAll(2, &bytes)
    }
}

/// Writes to standard output, bypassing `print` buffering for large outputs.
enum StandardOutput {
    static func write(_ bytes: [UInt8]) {
        var copy = bytes
        FileDescriptorWriting.writeAll(1, &copy)
    }
}

enum FileDescriptorWriting {
    static func writeAll(_ descriptor: Int32, _ bytes: inout [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
