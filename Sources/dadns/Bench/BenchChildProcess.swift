import Backends
#if canImport(Glibc)
import Glibc
#endif

/// A server the benchmark starts (named, `dadns serve`): argument vector, output to a log file,
/// tied to this process with `setpriv --pdeathsig` so it never outlives the benchmark.
final class BenchChildProcess {
    let pid: pid_t
    let name: String
    private var running = true

    init(_ name: String, arguments: [String], logPath: String) throws {
        self.name = name
        let argv = ["/usr/bin/setpriv", "--pdeathsig", "TERM", "--"] + arguments
        let (child, status) = ChildSpawn.spawn(argv, logFile: logPath, truncating: true)
        guard status == 0 else { throw BenchError("cannot start \(name): \(String(cString: strerror(status)))") }
        pid = child
    }

    /// Peak resident set size of the child (VmHWM), in bytes; 0 if it is gone.
    var peakRSS: Int {
        guard let bytes = try? FileReading.read(path: "/proc/\(pid)/status") else { return 0 }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (Int(String(line.dropFirst(6).filter(\.isNumber))) ?? 0) * 1024
        }
        return 0
    }

    /// Whether the child has exited (reaps it if so).
    var hasExited: Bool {
        guard running else { return true }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { running = false }
        return !running
    }

    /// SIGTERM, then SIGKILL after two seconds; waits for the exit.
    func stop() {
        guard running else { return }
        kill(pid, SIGTERM)
        let deadline = Clock.now() + 2
        var status: Int32 = 0
        while Clock.now() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid { running = false; return }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        running = false
    }

    deinit { stop() }
}

/// A benchmark that cannot go on, in words.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
