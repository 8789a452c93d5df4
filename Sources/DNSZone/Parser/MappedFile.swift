#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a zone file could not be parsed: it could not be read, or it is not a valid zone.
public enum ZoneFileError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): \(reason)"
        }
    }
}

/// A read-only memory mapping of a whole file.
final class MappedFile: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
    private let base: UnsafeMutableRawPointer?
    private let length: Int

    init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ZoneFileError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { Glibc.close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw ZoneFileError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw ZoneFileError.unreadable(path: path, reason: "not a regular file")
        }
        length = Int(status.st_size)
        guard length > 0 else {
            base = nil
            buffer = UnsafeBufferPointer(start: nil, count: 0)
            return
        }
        let mapping = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let mapping, mapping != MAP_FAILED else {
            throw ZoneFileError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        _ = madvise(mapping, length, MADV_SEQUENTIAL)
        base = mapping
        buffer = UnsafeBufferPointer(start: mapping.assumingMemoryBound(to: UInt8.self), count: length)
    }

    /// Drops the resident pages inside `range` (whole pages only); touching them again reads
    /// them back from the file. Safe to call from several threads.
    func release(_ range: Range<Int>) {
        guard let base else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound + page - 1) / page * page
        let end = min(range.upperBound, length) / page * page
        guard end > start else { return }
        _ = madvise(base + start, end - start, MADV_DONTNEED)
    }

    func close() {
        guard let base else { return }
        munmap(base, length)
    }
}
