import Backends
import Foundation

/// A server process started with `posix_spawn`, every signal unblocked and at its default.
/// Foundation's `Process` passes on the spawning thread's signal mask, and test threads block
/// SIGTERM: a server that handles signals itself (NSD) would then never see SIGTERM, from
/// `terminate()` or from `--pdeathsig`.
public final class SpawnedProcess: @unchecked Sendable {
    public let pid: pid_t
    private let lock = NSLock()
    private var exited = false

    /// Starts `arguments[0]` with standard output and error appended to `logFile`.
    public init(_ arguments: [String], logFile: String) throws {
        var spawned: (pid: pid_t, status: Int32) = (0, 0)
        // From the launcher thread: `--pdeathsig` follows the spawning thread (see ServerLauncher).
        try ServerLauncher.perform { spawned = Self.spawn(arguments, logFile: logFile) }
        guard spawned.status == 0 else {
            throw NamedServer.Failure("cannot start \(arguments[0]): \(String(cString: strerror(spawned.status)))")
        }
        pid = spawned.pid
    }

    /// Through the daemon's own `ChildSpawn`: default signals, and no descriptor of the test
    /// process (another test's listening socket) beyond 0, 1 and 2.
    private static func spawn(_ arguments: [String], logFile: String) -> (pid: pid_t, status: Int32) {
        let (pid, error) = ChildSpawn.spawn(arguments) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        return (pid, error)
    }

    /// Whether the process has not exited (reaps it when it has).
    public var isRunning: Bool {
        lock.withLock {
            guard !exited else { return false }
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno == ECHILD) { exited = true }
            return !exited
        }
    }

    /// SIGTERM, then SIGKILL if it is still running after `seconds`; returns once it exited.
    public func terminate(within seconds: Double = 10) {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning {
            if Date() > deadline {
                kill(pid, SIGKILL)
                lock.withLock {
                    var status: Int32 = 0
                    _ = waitpid(pid, &status, 0)
                    exited = true
                }
                return
            }
            usleep(20_000)
        }
    }
}
