#if canImport(Glibc)
import Glibc
#endif

/// Starts a program with `posix_spawn`: an argument vector, never a shell, and every signal
/// unblocked and at its default in the child. The daemon ignores or blocks SIGTERM for its own
/// shutdown handling and `posix_spawn` passes both on, so without this a child would outlive the
/// SIGTERM of a timeout or a stop.
///
/// The child also gets no descriptor beyond its standard three. SwiftNIO opens its sockets without
/// `SOCK_CLOEXEC`, so without this an `rndc` started just before the daemon was killed kept the
/// listening socket, and the restarted daemon could not bind its port ("Address already in use").
public enum ChildSpawn {
    /// Starts `arguments[0]` (a path) with the rest as its arguments; `setUp` adds the file actions
    /// that give the child its standard input, output and error. `environment` replaces this
    /// process's environment (nil: inherited); `directory` is the child's working directory (nil:
    /// this process's). Returns the child's pid, or the `errno` value of the failure.
    public static func spawn(
        _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        fileActions setUp: (inout posix_spawn_file_actions_t) -> Void
    ) -> (pid: pid_t, error: Int32) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        setUp(&actions)
        if let directory {
            let changing = posix_spawn_file_actions_addchdir_np(&actions, directory)
            if changing != 0 { return (0, changing) }
        }
        // Runs after the actions above, so their dup2 onto 0, 1 and 2 has happened first.
        let closing = posix_spawn_file_actions_addclosefrom_np(&actions, 3)
        if closing != 0 { return (0, closing) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = CStrings(arguments)
        defer { argv.free() }
        var pid: pid_t = 0
        let error: Int32
        if let environment {
            let envp = CStrings(environment.map { "\($0.key)=\($0.value)" })
            defer { envp.free() }
            error = posix_spawn(&pid, arguments[0], &actions, &attributes, argv.pointers, envp.pointers)
        } else {
            error = posix_spawn(&pid, arguments[0], &actions, &attributes, argv.pointers, environ)
        }
        return (pid, error)
    }

    /// Starts a server or tool with standard input from /dev/null and standard output and error
    /// written to `logFile` (created if missing; appended to, or emptied first with `truncating`).
    public static func spawn(_ arguments: [String], logFile: String, truncating: Bool = false) -> (pid: pid_t, error: Int32) {
        spawn(arguments) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | (truncating ? O_TRUNC : O_APPEND), 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
    }
}

/// A nil-terminated array of C strings (an argv or envp), freed by `free()`.
private struct CStrings {
    let pointers: [UnsafeMutablePointer<CChar>?]
    init(_ strings: [String]) { pointers = strings.map { strdup($0) } + [nil] }
    func free() { pointers.forEach { Glibc.free($0) } }
}

// glibc 2.29+ declares this only under _GNU_SOURCE, which Swift's Glibc module does not set.
@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func posix_spawn_file_actions_addchdir_np(
    _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>
) -> Int32

// glibc 2.34+ declares this only under _GNU_SOURCE, which Swift's Glibc module does not set.
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func posix_spawn_file_actions_addclosefrom_np(
    _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32
) -> Int32
