import Backends
import Foundation

/// Runs a tool (rndc, nsd-control, dig, mysql, named-checkzone, mount …) to its end with
/// `ChildSpawn`: an argument vector, no shell, every signal at its default, no descriptor of this
/// process beyond 0, 1 and 2. The one launcher of short-lived programs for the tests and the
/// benchmarks; long-running servers are a `SpawnedProcess`.
public enum ProgramRun {
    /// Where a program's standard error goes.
    public enum Errors: Sendable {
        /// Dropped.
        case discarded
        /// Into the same output as standard output.
        case merged
        /// Kept apart, in `Result.errors`.
        case separate
    }

    /// What a program left behind.
    public struct Result: Sendable {
        /// Exit status (128 + the signal when a signal ended it).
        public var status: Int32
        /// Standard output (and standard error when merged).
        public var output: Data
        /// Standard error when kept apart.
        public var errors: String
        /// Whether it was killed for running past its time limit.
        public var timedOut: Bool
        public var text: String { String(decoding: output, as: UTF8.self) }
    }

    /// Runs `arguments[0]` with the rest as its arguments, output discarded; its exit status.
    /// Throws when the program cannot be started.
    public static func status(_ arguments: [String]) throws -> Int32 {
        let pid = try spawn(arguments) { actions in
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        return wait(pid, timeout: nil).status
    }

    /// Standard output of `arguments[0]` (standard error dropped), once it has exited.
    public static func text(_ arguments: [String]) throws -> String {
        try run(arguments).text
    }

    /// Exit status and output (standard output and error together) of `arguments[0]`.
    public static func output(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try run(arguments, errors: .merged)
        return (result.status, result.text)
    }

    /// Runs `arguments[0]`, its output captured through files (never a pipe that could fill up);
    /// `input` is its standard input. After `timeout` seconds it is killed (SIGKILL).
    public static func run(
        _ arguments: [String], input: Data? = nil, errors: Errors = .discarded, timeout: Double? = nil
    ) throws -> Result {
        let directory = try Scratch.directory("run")
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputPath = directory.appendingPathComponent("out").path
        let errorsPath = directory.appendingPathComponent("err").path
        let inputPath = directory.appendingPathComponent("in").path
        try (input ?? Data()).write(to: URL(fileURLWithPath: inputPath))
        let pid = try spawn(arguments) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            switch errors {
            case .discarded: posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            case .merged: posix_spawn_file_actions_adddup2(&actions, 1, 2)
            case .separate: posix_spawn_file_actions_addopen(&actions, 2, errorsPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            }
        }
        let (status, timedOut) = wait(pid, timeout: timeout)
        let output = (try? Data(contentsOf: URL(fileURLWithPath: outputPath))) ?? Data()
        let errorText = errors == .separate ? String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: errorsPath))) ?? Data(), as: UTF8.self) : ""
        return Result(status: status, output: output, errors: errorText, timedOut: timedOut)
    }

    private static func spawn(_ arguments: [String], _ setUp: (inout posix_spawn_file_actions_t) -> Void) throws -> pid_t {
        let (pid, error) = ChildSpawn.spawn(arguments) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            setUp(&actions)
        }
        guard error == 0 else {
            throw NamedServer.Failure("cannot start \(arguments.first ?? "?"): \(String(cString: strerror(error)))")
        }
        return pid
    }

    /// Waits for `pid` to exit, killing it after `timeout` seconds.
    private static func wait(_ pid: pid_t, timeout: Double?) -> (status: Int32, timedOut: Bool) {
        var status: Int32 = 0
        var timedOut = false
        if let timeout {
            let deadline = Date().addingTimeInterval(timeout)
            while !timedOut {
                let result = waitpid(pid, &status, WNOHANG)
                if result == pid { return (decode(status), false) }
                if result < 0 && errno != EINTR { return (-1, false) }
                if Date() > deadline {
                    kill(pid, SIGKILL)
                    timedOut = true
                } else {
                    usleep(5_000)
                }
            }
        }
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (decode(status), timedOut)
    }

    private static func decode(_ status: Int32) -> Int32 {
        status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}
