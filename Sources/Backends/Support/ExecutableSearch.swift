#if canImport(Glibc)
import Glibc
#endif

/// Finds a program on a search path, as `execvp` would, but without running anything and with
/// one difference: empty and relative entries are skipped, so a daemon never runs a program
/// from whatever directory it was started in.
public enum ExecutableSearch {
    /// Used when PATH is unset or empty (systemd's default for services).
    public static let defaultSearchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// The search path in effect for a PATH value (nil or empty: `defaultSearchPath`).
    public static func effective(_ searchPath: String?) -> String {
        guard let searchPath, !searchPath.isEmpty else { return defaultSearchPath }
        return searchPath
    }

    /// The first `<directory>/<name>` along `searchPath` that is an executable regular file.
    public static func find(_ name: String, searchPath: String?) -> String? {
        for directory in effective(searchPath).split(separator: ":") where directory.hasPrefix("/") {
            let candidate = (directory.hasSuffix("/") ? String(directory.dropLast()) : String(directory)) + "/" + name
            var info = stat()
            guard stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 else { continue }
            return candidate
        }
        return nil
    }
}
