import Backends
import Foundation

/// Runs a tool (rndc, nsd-control, named-checkzone …) to its end with `ChildSpawn`: an argument
/// vector, no shell, output discarded. The one launcher of short-lived programs for the tests and
/// the benchmarks; long-running servers are a `SpawnedProcess`.
public enum ProgramRun {
    /// Runs `arguments[0]` with the rest as its arguments; its exit status (128 + the signal when
    /// a signal ended it). Throws when the program cannot be started.
    public static func status(_ arguments: [String]) throws -> Int32 {
        let (pid, error) = ChildSpawn.spawn(arguments) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        guard error == 0 else {
            throw NamedServer.Failure("cannot start \(arguments[0]): \(String(cString: strerror(error)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}
