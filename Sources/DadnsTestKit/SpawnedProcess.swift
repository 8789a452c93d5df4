import Backends
import Foundation

/// A child process started with `ChildSpawn` (`posix_spawn`, every signal unblocked and at its
/// default, no descriptor of the test process beyond 0, 1 and 2): the one launcher of the tests
/// and the benchmarks, for servers, `dadns` itself and (through `ProgramRun`) short-lived tools.
/// Foundation's `Process` passes on the spawning thread's signal mask, and test threads block
/// SIGTERM: a server that handles signals itself (NSD) would then never see SIGTERM, from
/// `terminate()` or from `--pdeathsig`.
public final class SpawnedProcess: @unchecked Sendable {
    public let pid: pid_t
    private let lock = NSLock()
    /// Set once the process was reaped (or found gone).
    private var exited = false
    /// Exit status once reaped: 128 + the signal when a signal ended it.
    private var status: Int32?

    /// Starts `arguments[0]` with the file actions `setUp` adds (standard input, output, error).
    /// `fromLauncherThread`: spawned from `ServerLauncher`'s permanent thread, which
    /// `--pdeathsig` needs (see there); a short-lived tool needs no such hop.
    init(
        _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        fromLauncherThread: Bool, fileActions setUp: @escaping (inout posix_spawn_file_actions_t) -> Void
    ) throws {
        var spawned: (pid: pid_t, error: Int32) = (0, 0)
        let spawn = { spawned = ChildSpawn.spawn(arguments, environment: environment, directory: directory, fileActions: setUp) }
        if fromLauncherThread { try ServerLauncher.perform(spawn) } else { spawn() }
        guard spawned.error == 0 else {
            throw NamedServer.Failure("cannot start \(arguments.first ?? "?"): \(String(cString: strerror(spawned.error)))")
        }
        pid = spawned.pid
    }

    /// Starts `arguments[0]` with standard input from /dev/null and standard output and error
    /// appended to `logFile` (created if missing). `environment` is its whole environment (nil:
    /// this process's), `directory` its working directory (nil: this process's).
    public convenience init(
        _ arguments: [String], logFile: String, environment: [String: String]? = nil, directory: String? = nil
    ) throws {
        try self.init(arguments, environment: environment, directory: directory, fromLauncherThread: true) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
    }

    /// Starts a server that dies with this process: `arguments` under `setpriv --pdeathsig TERM`.
    public convenience init(server arguments: [String], logFile: String) throws {
        try self.init(["/usr/bin/setpriv", "--pdeathsig", "TERM", "--"] + arguments, logFile: logFile)
    }

    /// Whether the process has not exited (reaps it when it has).
    public var isRunning: Bool {
        lock.withLock {
            guard !exited else { return false }
            var raw: Int32 = 0
            let result = waitpid(pid, &raw, WNOHANG)
            if result == pid {
                status = raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
                exited = true
            } else if result < 0 && errno == ECHILD {
                exited = true
            }
            return !exited
        }
    }

    /// The exit status once the process has exited (128 + the signal when a signal ended it);
    /// nil while it runs. -1 when it is gone but its status is unknown.
    public var exitStatus: Int32? {
        isRunning ? nil : lock.withLock { status ?? -1 }
    }

    /// Waits for the process to exit, for at most `timeout` seconds (nil: as long as it takes);
    /// its exit status, or nil when it still runs at the deadline. Blocks the calling thread: for
    /// synchronous callers (servers' start-up and shutdown, tests running `.offThePool`, the
    /// benchmarks); async code awaits the overload below.
    @discardableResult
    public func wait(timeout: Double? = nil) -> Int32? {
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        // Polls without holding the lock, so `signal` from another thread is never blocked; the
        // pause grows from 0.5 ms, so a short tool is not kept waiting long after its exit.
        var pause: useconds_t = 500
        while isRunning {
            if let deadline, Date() > deadline { return nil }
            usleep(pause)
            pause = min(pause * 2, 20_000)
        }
        return exitStatus
    }

    /// Waits for the process to exit without holding a thread: between looks (`waitpid` with
    /// `WNOHANG`, which never blocks) the task sleeps. Its exit status, or nil when it still runs
    /// after `timeout` seconds (nil: as long as it takes).
    @discardableResult
    public func wait(timeout: Double? = nil) async -> Int32? {
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        var pause: UInt64 = 500_000  // grows from 0.5 ms to 20 ms, as in the blocking wait
        while isRunning {
            if let deadline, Date() > deadline { return nil }
            try? await Task.sleep(nanoseconds: pause)
            pause = min(pause * 2, 20_000_000)
        }
        return exitStatus
    }

    /// Polls `ready` every `interval` seconds while the process runs: true once it holds, false
    /// when the process exited or `seconds` passed first (a server that did not come up). Blocks
    /// between looks: for synchronous callers (see `wait(timeout:)`).
    public func waitUntil(seconds: Double, interval: Double = 0.05, _ ready: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while try !ready() {
            guard Date() < deadline, isRunning else { return false }
            Thread.sleep(forTimeInterval: interval)
        }
        return true
    }

    /// Peak resident set size of the process (VmHWM) in bytes; 0 once it is gone.
    public var peakRSS: Int { isRunning ? ProcessMemory.peakRSS(of: pid) : 0 }

    /// Sends `signal` to the process if it is still running.
    public func signal(_ signal: Int32) {
        if isRunning { Glibc.kill(pid, signal) }
    }

    /// SIGKILL, as a crash would; returns once it exited.
    public func kill() {
        signal(SIGKILL)
        wait()
    }

    /// SIGTERM, then SIGKILL if it is still running after `seconds`; returns once it exited, with
    /// its exit status.
    @discardableResult
    public func terminate(within seconds: Double = 10) -> Int32 {
        signal(SIGTERM)
        if let status = wait(timeout: seconds) { return status }
        kill()
        return exitStatus ?? -1
    }
}
