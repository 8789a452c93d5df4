import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Temporary files `AtomicFile` leaves behind when the process dies between creating one and
/// renaming it (SIGKILL or a power cut in the middle of a batch). Backends that write files sweep
/// their directories with `remove(in:targets:)` when they start.
public enum StaleTemporaryFiles {
    /// What a sweep did.
    public struct Sweep: Sendable, Equatable {
        /// Stale temporary files removed.
        public var removed = 0
        /// Temporary files kept because their writer is a running `dadns` (another instance
        /// started on the same directory, mid-write).
        public var keptLive = 0
        /// Files that could not be removed, with the reason.
        public var failures: [String] = []
    }

    /// Removes from `directory` the files named as `AtomicFile` names its temporary files
    /// (`.<base>.tmp-<pid>-<n>`) whose `<base>` satisfies `targets`, unless the process that wrote
    /// them still runs and is not this one. Nothing else in the directory is touched: not other
    /// hidden files, not the targets, not directories. A missing directory is an empty sweep.
    public static func remove(in directory: String, targets: (String) -> Bool) -> Sweep {
        var sweep = Sweep()
        guard let stream = opendir(directory) else { return sweep }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            names.append(name)
        }
        closedir(stream)
        for name in names {
            guard let parsed = TemporaryFileName.parse(name), targets(parsed.base) else { continue }
            let path = "\(directory)/\(name)"
            var status = stat()
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            if isOtherLiveWriter(parsed.pid) {
                sweep.keptLive += 1
            } else if unlink(path) == 0 || errno == ENOENT {
                sweep.removed += 1
            } else {
                sweep.failures.append("cannot remove \(path): \(String(cString: strerror(errno)))")
            }
        }
        if sweep.removed > 0 { AtomicFile.syncDirectory(directory) }
        return sweep
    }

    /// Whether `pid` is a running process other than this one with this program's name: its
    /// temporary files may be in the middle of a write. A pid reused by some other program does
    /// not count (its files are stale). Without /proc, any live process counts.
    static func isOtherLiveWriter(_ pid: Int32) -> Bool {
        guard pid != getpid(), kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let theirs = commandName("/proc/\(pid)/comm"), let ours = commandName("/proc/self/comm") else { return true }
        return theirs == ours
    }

    private static func commandName(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = fread(&buffer, 1, buffer.count, file)
        return String(decoding: buffer.prefix(count).prefix { $0 != 0 && $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    }
}

extension StaleTemporaryFiles {
    /// The start-up sweep of a file backend: temporary files of zone files (`<zone>.db`) in
    /// `zonesDirectory` and of `includeFile` beside it; logs how many were removed.
    static func sweepOnStart(zonesDirectory: String, includeFile: String?, backend: String, logger: Logger) {
        var sweeps = [(zonesDirectory, remove(in: zonesDirectory) { base in
            base.hasSuffix(".db") && SafeZoneName.isSafe(String(base.dropLast(3)))
        })]
        if let includeFile {
            let directory = AtomicFile.parentDirectory(of: includeFile), base = AtomicFile.baseName(of: includeFile)
            // The include and what a backend keeps beside it (bind's `<include>.added`).
            sweeps.append((directory, remove(in: directory) { $0 == base || $0 == base + ".added" }))
        }
        for (directory, sweep) in sweeps {
            if sweep.removed > 0 {
                logger.notice("\(backend): removed \(sweep.removed) stale temporary files from \(directory) (left by an interrupted write)")
            } else {
                logger.debug("\(backend): removed 0 stale temporary files from \(directory)")
            }
            if sweep.keptLive > 0 {
                logger.warning("\(backend): kept \(sweep.keptLive) temporary files in \(directory): their writer, another dadns, is running")
            }
            for failure in sweep.failures { logger.warning("\(backend): \(failure)") }
        }
    }
}
