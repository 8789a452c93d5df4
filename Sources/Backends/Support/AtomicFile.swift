#if canImport(Glibc)
import Glibc
#endif

/// Files replaced whole: written to a temporary file beside the target, flushed to disk, then
/// renamed over it, so a reader sees the old content or the new, never a mix or nothing.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// Replaces `path` with `bytes` (mode 0644).
    public static func write(_ bytes: [UInt8], to path: String) throws(WriteError) {
        let temporary = try writeTemporary(bytes, for: path, flush: true)
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot rename \(temporary) to \(path)")
            unlink(temporary)
            throw error
        }
        syncDirectory(parentDirectory(of: path))
    }

    /// Replaces many files with the same guarantee as `write`, each file on its own, but with one
    /// flush of the file system for all of them instead of two per file: every new content is
    /// written beside its target, the file systems are flushed once (`syncfs`), then each file
    /// is renamed over its target and each directory flushed. Returns each file's error, or nil.
    public static func writeAll(_ files: [(path: String, bytes: [UInt8])]) -> [WriteError?] {
        var errors = [WriteError?](repeating: nil, count: files.count)
        var temporaries = [String?](repeating: nil, count: files.count)
        // Without syncfs (not glibc), each file is flushed on its own as `write` does.
        let syncFileSystem = syncfsFunction()
        for (index, file) in files.enumerated() {
            do {
                temporaries[index] = try writeTemporary(file.bytes, for: file.path, flush: syncFileSystem == nil)
            } catch {
                errors[index] = error
            }
        }
        let directories = Set(files.indices.filter { temporaries[$0] != nil }.map { parentDirectory(of: files[$0].path) })
        for directory in directories {
            if let syncFileSystem, let error = flushFileSystem(of: directory, with: syncFileSystem) {
                // Not known to be on disk: rename nothing in that directory.
                for index in files.indices where temporaries[index] != nil && parentDirectory(of: files[index].path) == directory {
                    unlink(temporaries[index] ?? "")
                    temporaries[index] = nil
                    errors[index] = error
                }
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

    /// Writes `bytes` to a new temporary file beside `path` (flushed to disk when `flush`);
    /// returns its path.
    private static func writeTemporary(_ bytes: [UInt8], for path: String, flush: Bool) throws(WriteError) -> String {
        let directory = parentDirectory(of: path)
        let temporary = "\(directory)/.\(baseName(of: path)).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create \(temporary)") }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                let error = failure("cannot write \(temporary)")
                close(descriptor)
                unlink(temporary)
                throw error
            }
            written += count
        }
        if flush && fsync(descriptor) != 0 {
            let error = failure("cannot flush \(temporary)")
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        return temporary
    }

    /// Flushes the whole file system holding `directory`; nil on success.
    private static func flushFileSystem(of directory: String, with syncfs: @convention(c) (Int32) -> Int32) -> WriteError? {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return failure("cannot open \(directory)") }
        defer { close(descriptor) }
        return syncfs(descriptor) == 0 ? nil : failure("cannot flush the file system of \(directory)")
    }

    /// glibc's `syncfs`, which the Glibc module does not export (it needs `_GNU_SOURCE`).
    private static func syncfsFunction() -> (@convention(c) (Int32) -> Int32)? {
        guard let symbol = dlsym(nil, "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
    }

    /// Removes `path`; a missing file is not an error.
    public static func remove(_ path: String) throws(WriteError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw failure("cannot remove \(path)") }
        syncDirectory(parentDirectory(of: path))
    }

    /// Removes many files, flushing each directory once at the end; each file's error, or nil.
    public static func removeAll(_ paths: [String]) -> [WriteError?] {
        let errors = paths.map { path in unlink(path) == 0 || errno == ENOENT ? nil : failure("cannot remove \(path)") }
        Set(paths.map(parentDirectory)).forEach(syncDirectory)
        return errors
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
