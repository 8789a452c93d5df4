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
        var spawned: (pid: pid_t, error: Int32) = (0, 0)
        // From the launcher thread: `--pdeathsig` follows the spawning thread (see ServerLauncher).
        // `ChildSpawn`: default signals, and no descriptor of the test process (another test's
        // listening socket) beyond 0, 1 and 2.
        try ServerLauncher.perform { spawned = ChildSpawn.spawn(arguments, logFile: logFile) }
        guard spawned.error == 0 else {
            throw NamedServer.Failure("cannot start \(arguments[0]): \(String(cString: strerror(spawned.error)))")
        }
        pid = spawned.pid
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

    /// Starts a server that dies with this process: `arguments` under `setpriv --pdeathsig TERM`.
    public convenience init(server arguments: [String], logFile: String) throws {
        try self.init(["/usr/bin/setpriv", "--pdeathsig", "TERM", "--"] + arguments, logFile: logFile)
    }

    /// Peak resident set size of the process (VmHWM) in bytes; 0 once it is gone.
    public var peakRSS: Int { isRunning ? ProcessMemory.peakRSS(of: pid) : 0 }

    /// Sends `signal` to the process if it is still running.
    public func signal(_ signal: Int32) {
        if isRunning { Glibc.kill(pid, signal) }
    }

    /// SIGKILL, as a crash would; returns once it exited.
    public func kill() {
        guard isRunning else { return }
        Glibc.kill(pid, SIGKILL)
        lock.withLock {
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
            exited = true
        }
    }

    /// SIGTERM, then SIGKILL if it is still running after `seconds`; returns once it exited.
    public func terminate(within seconds: Double = 10) {
        guard isRunning else { return }
        Glibc.kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning {
            if Date() > deadline {
                kill()
                return
            }
            usleep(20_000)
        }
    }
}
