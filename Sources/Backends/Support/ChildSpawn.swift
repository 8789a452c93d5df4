#if canImport(Glibc)
import Glibc
#endif

/// Starts a program with `posix_spawn`: an argument vector, never a shell, and every signal
/// unblocked and at its default in the child. The daemon ignores or blocks SIGTERM for its own
/// shutdown handling and `posix_spawn` passes both on, so without this a child would outlive the
/// SIGTERM of a timeout or a stop.
public enum ChildSpawn {
    /// Starts `arguments[0]` (a path) with the rest as its arguments; `setUp` adds the file actions
    /// that give the child its standard input, output and error. Returns the child's pid, or the
    /// `errno` value of the failure.
    public static func spawn(
        _ arguments: [String], fileActions setUp: (inout posix_spawn_file_actions_t) -> Void
    ) -> (pid: pid_t, error: Int32) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        setUp(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let error = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        return (pid, error)
    }
}
