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
    public static func write(_ bytes: some FileContents, to path: String) throws(WriteError) {
        let directory = parentDirectory(of: path)
        let temporary = try writeTemporary(bytes, beside: path, flush: true)
        let previous = modificationTime(path)
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot rename \(temporary) to \(path)")
            unlink(temporary)
            throw error
        }
        stampModified(path, after: previous)
        syncDirectory(directory)
    }

    /// Replaces many files at once, each atomically: every file is written to its temporary
    /// file first, then all are flushed together (one `syncfs` per file system instead of an
    /// `fsync` per file), renamed, and each directory flushed once. Returns each file's error,
    /// or nil, in the order given. A failure leaves that file's old content in place.
    public static func write<Contents: FileContents>(batch files: [(path: String, bytes: Contents)]) -> [WriteError?] {
        write(batch: files, beforeRenaming: nil)
    }

    /// `write(batch:)` with a hook run between writing the temporary files and renaming them, for
    /// tests that make a server load the old files just then.
    static func write<Contents: FileContents>(batch files: [(path: String, bytes: Contents)], beforeRenaming: (() -> Void)?) -> [WriteError?] {
        if files.count <= 2 && beforeRenaming == nil {
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
        beforeRenaming?()
        for (index, file) in files.enumerated() {
            guard let temporary = temporaries[index] else { continue }
            let previous = modificationTime(file.path)
            if rename(temporary, file.path) != 0 {
                errors[index] = failure("cannot rename \(temporary) to \(file.path)")
                unlink(temporary)
            } else {
                stampModified(file.path, after: previous)
            }
        }
        directories.forEach(syncDirectory)
        return errors
    }

    /// Sets a replaced file's modification time to now, from the precise clock, and later than
    /// the old file's (`previous`). named reloads a zone file only if it was modified after its
    /// last load began (BIND 9.18 answers `rndc reload` with "up-to-date" otherwise, and keeps
    /// serving the old zone); NSD only if its time changed. Left alone, the file would keep its
    /// temporary file's time — when it was written, before the batch's renames, and possibly
    /// before named loaded the old file for the previous batch's reload (a queued load runs
    /// late on a busy machine): the 30-minute load test found 22 zones stale that way. The
    /// kernel's stamps also come from a coarse clock (a tick, ~4 ms, behind), hence the explicit
    /// time, set after the rename.
    static func stampModified(_ path: String, after previous: timespec?) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        if let previous, (previous.tv_sec, previous.tv_nsec) >= (now.tv_sec, now.tv_nsec) {
            now = previous.tv_nsec < 999_999_999
                ? timespec(tv_sec: previous.tv_sec, tv_nsec: previous.tv_nsec + 1) : timespec(tv_sec: previous.tv_sec + 1, tv_nsec: 0)
        }
        let keepAccessTime = (1 << 30) - 2  // UTIME_OMIT, a macro Swift does not import
        var times = [timespec(tv_sec: 0, tv_nsec: keepAccessTime), now]
        _ = utimensat(AT_FDCWD, path, &times, 0)
    }

    /// A file's modification time, or nil when it does not exist.
    static func modificationTime(_ path: String) -> timespec? {
        var status = stat()
        return stat(path, &status) == 0 ? status.st_mtim : nil
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
    private static func writeTemporary(_ contents: some FileContents, beside path: String, flush: Bool) throws(WriteError) -> String {
        let temporary = "\(parentDirectory(of: path))/\(TemporaryFileName.make(base: baseName(of: path)))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create \(temporary)") }
        defer { close(descriptor) }
        let written = contents.write { piece in
            var written = 0
            while written < piece.count {
                let count = Glibc.write(descriptor, piece.baseAddress.map { $0 + written }, piece.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += count
            }
            return true
        }
        guard written else {
            let error = failure("cannot write \(temporary)")
            unlink(temporary)
            throw error
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
