#if canImport(Glibc)
import Glibc
#endif

/// Files replaced whole: written to a temporary file beside the target, flushed to disk, then
/// renamed over it, so a reader sees the old content or the new, never a mix or nothing. A process
/// killed between the two leaves the temporary file (`TemporaryFileName`); backends remove such
/// files when they start (`StaleTemporaryFiles`).
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// Replaces `path` with `bytes` (mode 0644).
    public static func write(_ bytes: [UInt8], to path: String) throws(WriteError) {
        let directory = parentDirectory(of: path)
        let temporary = try writeTemporary(bytes, beside: path, flush: true)
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot rename \(temporary) to \(path)")
            unlink(temporary)
            throw error
        }
        syncDirectory(directory)
    }

    /// Replaces many files at once, each atomically: every file is written to its temporary
    /// file first, then all are flushed together (one `syncfs` per file system instead of an
    /// `fsync` per file), renamed, and each directory flushed once. Returns each file's error,
    /// or nil, in the order given. A failure leaves that file's old content in place.
    public static func write(batch files: [(path: String, bytes: [UInt8])]) -> [WriteError?] {
        if files.count <= 2 {
            return files.map { file in
                do throws(WriteError) { try write(file.bytes, to: file.path); return WriteError?.none } catch { return error }
            }
        }
        var errors = [WriteError?](repeating: nil, count: files.count)
        var temporaries = [String?](repeating: nil, count: files.count)
        for (index, file) in files.enumerated() {
            do { temporaries[index] = try writeTemporary(file.bytes, beside: file.path, flush: false) } catch { errors[index] = error }
        }
        var directories: [String] = []
        for file in files where !directories.contains(parentDirectory(of: file.path)) {
            directories.append(parentDirectory(of: file.path))
        }
        // One flush per directory's file system; a failed flush fails that directory's files.
        for directory in directories {
            let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            let flushed = descriptor >= 0 && flushFileSystem(descriptor) == 0
            let error = flushed ? nil : failure("cannot flush the file system of \(directory)")
            if descriptor >= 0 { close(descriptor) }
            guard let error else { continue }
            for (index, file) in files.enumerated() where parentDirectory(of: file.path) == directory {
                if let temporary = temporaries[index] { unlink(temporary) }
                temporaries[index] = nil
                errors[index] = errors[index] ?? error
            }
        }
        for (index, file) in files.enumerated() {
            guard let temporary = temporaries[index] else { continue }
            if rename(temporary, file.path) != 0 {
                errors[index] = failure("cannot rename \(temporary) to \(file.path)")
                unlink(temporary)
            }
        }
        directories.forEach(syncDirectory)
        return errors
    }

    /// Removes many files, flushing each directory once; each file's error or nil, in order.
    public static func remove(batch paths: [String]) -> [WriteError?] {
        let errors: [WriteError?] = paths.map { path in
            unlink(path) == 0 || errno == ENOENT ? nil : failure("cannot remove \(path)")
        }
        var directories: [String] = []
        for path in paths where !directories.contains(parentDirectory(of: path)) { directories.append(parentDirectory(of: path)) }
        directories.forEach(syncDirectory)
        return errors
    }

    /// Writes `bytes` to a new temporary file beside `path`, flushed to disk if `flush`; returns
    /// its path.
    private static func writeTemporary(_ bytes: [UInt8], beside path: String, flush: Bool) throws(WriteError) -> String {
        let temporary = "\(parentDirectory(of: path))/\(TemporaryFileName.make(base: baseName(of: path)))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create \(temporary)") }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                let error = failure("cannot write \(temporary)")
                unlink(temporary)
                throw error
            }
            written += count
        }
        if flush && fsync(descriptor) != 0 {
            let error = failure("cannot flush \(temporary)")
            unlink(temporary)
            throw error
        }
        return temporary
    }

    /// Removes `path`; a missing file is not an error.
    public static func remove(_ path: String) throws(WriteError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw failure("cannot remove \(path)") }
        syncDirectory(parentDirectory(of: path))
    }

    /// Creates `path` and its parents (mode 0755) if missing.
    public static func makeDirectory(_ path: String) throws(WriteError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST { throw failure("cannot create directory \(current)") }
        }
    }

    /// Flushes a directory so a rename in it is durable.
    static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    /// The directory part of a path (`.` for a bare name).
    public static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func baseName(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    private static func failure(_ what: String) -> WriteError {
        WriteError(description: "\(what): \(String(cString: strerror(errno)))")
    }
}

/// `syncfs(2)`: flushes the whole file system holding `descriptor` (Linux ≥ 5.8 reports write-back
/// errors). Glibc declares it only under `_GNU_SOURCE`, which the Swift Glibc module lacks.
@_silgen_name("syncfs")
private func flushFileSystem(_ descriptor: Int32) -> Int32
