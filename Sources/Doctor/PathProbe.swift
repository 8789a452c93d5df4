import Backends
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether this user can create, write or read a path — asked with access(2), so nothing is
/// created or changed. A path that does not exist yet is judged by its nearest existing
/// ancestor: that directory must be writable and searchable for the missing levels to be made.
/// (access(2) also refuses writes on a read-only mount and, for root, on an immutable inode.)
public enum PathProbe {
    /// Why `path` cannot be used, or nil when it can.
    struct Problem: Error, Equatable {
        var reason: String
        /// The path the reason is about (the path itself or its nearest existing ancestor).
        var at: String
    }

    /// A directory that must exist or be creatable, and be writable (zones_dir, the store's directory).
    static func directory(_ path: String) -> Problem? {
        let absolute = LocalPath.absolute(path)
        if let kind = kind(absolute) {
            guard kind == .directory else { return Problem(reason: "\(absolute) is not a directory", at: absolute) }
            return denied(absolute, W_OK | X_OK, "not writable by this user")
        }
        return creatable(absolute)
    }

    /// A file that is read, and written in place or by rename into its directory (the store, an
    /// include file): the file, when it exists, must be readable and writable, and its directory
    /// writable (or creatable).
    static func writableFile(_ path: String) -> Problem? {
        let absolute = LocalPath.absolute(path)
        if let kind = kind(absolute) {
            guard kind == .regular else { return Problem(reason: "exists but is not a regular file", at: absolute) }
            if let problem = denied(absolute, R_OK | W_OK, "not readable and writable by this user") { return problem }
        }
        return directory((absolute as NSString).deletingLastPathComponent)
    }

    /// A file that must exist and be readable (keys, certificates, nsd-control's config).
    static func readableFile(_ path: String) -> Problem? {
        let absolute = LocalPath.absolute(path)
        guard let kind = kind(absolute) else { return Problem(reason: "does not exist", at: absolute) }
        guard kind == .regular else { return Problem(reason: "is not a regular file", at: absolute) }
        return denied(absolute, R_OK, "not readable by this user")
    }

    /// `path` made absolute against the working directory (as the daemon will see it).
    private enum Kind { case directory, regular, other }

    private static func kind(_ path: String) -> Kind? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .regular
        default: return .other
        }
    }

    private static func creatable(_ path: String) -> Problem? {
        var ancestor = (path as NSString).deletingLastPathComponent
        while kind(ancestor) == nil && ancestor != "/" { ancestor = (ancestor as NSString).deletingLastPathComponent }
        guard kind(ancestor) == .directory else {
            return Problem(reason: "cannot be created: \(ancestor) is not a directory", at: ancestor)
        }
        return denied(ancestor, W_OK | X_OK, "cannot be created: \(ancestor) is not writable by this user").map {
            Problem(reason: $0.reason, at: ancestor)
        }
    }

    private static func denied(_ path: String, _ mode: Int32, _ reason: String) -> Problem? {
        guard access(path, mode) != 0 else { return nil }
        let cause = errno == EROFS ? "read-only file system" : String(cString: strerror(errno))
        return Problem(reason: "\(reason) (\(cause))", at: path)
    }
}
