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

    // The synchronous forms block the calling thread until the program exits: for synchronous
    // callers (servers' readiness checks, tests running `.offThePool`, the benchmarks). Async
    // code gets the async forms below, which sleep between looks instead.

    /// Runs `arguments[0]` with the rest as its arguments, output discarded; its exit status.
    /// Throws when the program cannot be started.
    public static func status(_ arguments: [String]) throws -> Int32 {
        try run(arguments).status
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
    /// `input` is its standard input. `environment` is its whole environment (nil: this
    /// process's), `directory` its working directory (nil: this process's). After `timeout`
    /// seconds it is killed (SIGKILL).
    public static func run(
        _ arguments: [String], input: Data? = nil, errors: Errors = .discarded, timeout: Double? = nil,
        environment: [String: String]? = nil, directory: String? = nil
    ) throws -> Result {
        let launch = try Launch(arguments, input: input, errors: errors, environment: environment, directory: directory)
        defer { launch.remove() }
        let timedOut = launch.process.wait(timeout: timeout) == nil
        if timedOut { launch.process.kill() }
        return launch.result(timedOut: timedOut)
    }

    /// `status(_:)` for async code: the task sleeps while the program runs.
    public static func status(_ arguments: [String]) async throws -> Int32 {
        try await run(arguments).status
    }

    /// `text(_:)` for async code: the task sleeps while the program runs.
    public static func text(_ arguments: [String]) async throws -> String {
        try await run(arguments).text
    }

    /// `output(_:)` for async code: the task sleeps while the program runs.
    public static func output(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let result = try await run(arguments, errors: .merged)
        return (result.status, result.text)
    }

    /// `run(_:input:errors:timeout:environment:directory:)` for async code: the task sleeps while
    /// the program runs, so no thread of Swift's cooperative pool waits for it.
    public static func run(
        _ arguments: [String], input: Data? = nil, errors: Errors = .discarded, timeout: Double? = nil,
        environment: [String: String]? = nil, directory: String? = nil
    ) async throws -> Result {
        let launch = try Launch(arguments, input: input, errors: errors, environment: environment, directory: directory)
        defer { launch.remove() }
        let timedOut = await launch.process.wait(timeout: timeout) == nil
        if timedOut {
            launch.process.signal(SIGKILL)
            await launch.process.wait()
        }
        return launch.result(timedOut: timedOut)
    }

    /// A started program and the scratch files that take its input and output.
    private struct Launch {
        let process: SpawnedProcess
        let errors: Errors
        let scratch: URL
        var outputPath: String { scratch.appendingPathComponent("out").path }
        var errorsPath: String { scratch.appendingPathComponent("err").path }

        init(_ arguments: [String], input: Data?, errors: Errors, environment: [String: String]?, directory: String?) throws {
            let scratch = try Scratch.directory("run")
            let outputPath = scratch.appendingPathComponent("out").path
            let errorsPath = scratch.appendingPathComponent("err").path
            let inputPath = scratch.appendingPathComponent("in").path
            do {
                try (input ?? Data()).write(to: URL(fileURLWithPath: inputPath))
                process = try ProgramRun.spawn(arguments, environment: environment, directory: directory) { actions in
                    posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
                    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
                    switch errors {
                    case .discarded: posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
                    case .merged: posix_spawn_file_actions_adddup2(&actions, 1, 2)
                    case .separate: posix_spawn_file_actions_addopen(&actions, 2, errorsPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
                    }
                }
            } catch {
                try? FileManager.default.removeItem(at: scratch)
                throw error
            }
            self.errors = errors
            self.scratch = scratch
        }

        /// What the program left, once it has exited.
        func result(timedOut: Bool) -> Result {
            let output = (try? Data(contentsOf: URL(fileURLWithPath: outputPath))) ?? Data()
            let errorText = errors == .separate ? String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: errorsPath))) ?? Data(), as: UTF8.self) : ""
            return Result(status: process.exitStatus ?? -1, output: output, errors: errorText, timedOut: timedOut)
        }

        func remove() { try? FileManager.default.removeItem(at: scratch) }
    }

    /// Starts a tool from the calling thread, standard input from /dev/null unless `setUp` says otherwise.
    private static func spawn(
        _ arguments: [String], environment: [String: String]?, directory: String?,
        _ setUp: @escaping (inout posix_spawn_file_actions_t) -> Void
    ) throws -> SpawnedProcess {
        try SpawnedProcess(arguments, environment: environment, directory: directory, fromLauncherThread: false) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            setUp(&actions)
        }
    }
}
