import Foundation

/// Directories for tests that keep no handle to clean up after (a helper writes a config file
/// and returns its path): all under one root per test process, `/tmp/dadns-tests-<pid>`. The
/// first use in a process removes the roots of test processes that have ended, so leftovers
/// never outlive the next run.
public enum Scratch {
    private static let prefix = "dadns-tests-"

    /// This process's root, created (and older roots swept) on first use.
    public static let root: URL = {
        let temporary = URL(fileURLWithPath: "/tmp")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
            }
        }
        let root = temporary.appendingPathComponent("\(prefix)\(getpid())")
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return root
    }()

    /// A new empty directory named `<name>-<uuid>` under `root`.
    public static func directory(_ name: String) throws -> URL {
        let directory = root.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
