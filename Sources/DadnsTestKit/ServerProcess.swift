import Foundation

/// The one launcher of the servers tests and benchmarks start on loopback (named, NSD, Knot,
/// PowerDNS, MariaDB): their program under `setpriv --pdeathsig` (`SpawnedProcess`) with its output in a
/// log file, waited on until a readiness check holds, then killed, frozen, restarted or stopped,
/// its directory removed on stop. Each server only says how it is configured, started and asked
/// whether it is up.
public final class ServerProcess: @unchecked Sendable {
    /// The program's name in a failure message ("named").
    public let name: String
    /// The server's own directory (configuration, zones, log).
    public let directory: URL
    public let logFile: URL
    /// The command line `start` was last given, for `restart`.
    private var arguments: [String] = []
    private let interval: Double
    private let readySeconds: Double
    private let ready: () throws -> Bool
    private let lock = NSLock()
    private var process: SpawnedProcess?

    /// A launcher for a server in `directory` writing to `logFile`; `ready` says the server
    /// answers (polled every `interval` seconds for up to `readySeconds`). Nothing runs before `start`.
    public init(
        name: String, directory: URL, logFile: URL, interval: Double = 0.05, readySeconds: Double = 20,
        ready: @escaping () throws -> Bool
    ) {
        self.name = name
        self.readySeconds = readySeconds
        self.directory = directory
        self.logFile = logFile
        self.interval = interval
        self.ready = ready
    }

    /// A new directory `/tmp/dadns-LABEL-XXXXXXXX` with `subdirectories` made in it.
    public static func makeDirectory(_ label: String, subdirectories: [String] = []) throws -> URL {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for sub in subdirectories {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        return directory
    }

    /// Starts `arguments` (the program first) and waits until `ready` holds. When it does not
    /// within `readySeconds`, or the program exits first, stops it, removes the directory and throws with the log.
    /// Synchronous (the servers' initializers are): tests that start servers run `.offThePool`.
    public func start(_ arguments: [String]) throws {
        let process = try SpawnedProcess(server: arguments, logFile: logFile.path)
        lock.withLock {
            self.process = process
            self.arguments = arguments
        }
        let up = try process.waitUntil(seconds: readySeconds, interval: interval) {
            guard process.isRunning else { return true }  // exited: no use asking
            return try ready()
        }
        guard up, process.isRunning else {
            let log = log()  // read before stop() removes the directory
            stop()
            throw NamedServer.Failure("\(name) did not start: \(log)")
        }
    }

    /// Stops the program (SIGKILL with `killing`, as a crash would; else SIGTERM) and starts it
    /// again on the same directory and ports.
    public func restart(killing: Bool = false) throws {
        if killing { kill() } else { terminate() }
        try start(lock.withLock { arguments })
    }

    /// Whether the program runs.
    public var isRunning: Bool { current?.isRunning ?? false }

    /// Peak resident set size of the program in bytes (0 when it is not running).
    public var peakRSS: Int { current?.peakRSS ?? 0 }

    /// Sends `signal` to the program if it runs (SIGSTOP freezes it, SIGCONT lets it run again).
    public func signal(_ signal: Int32) {
        current?.signal(signal)
    }

    /// SIGKILL, as a crash would; the directory stays for `restart()`.
    public func kill() {
        take()?.kill()
    }

    /// SIGTERM (then SIGKILL if it still runs after `seconds`); the directory stays for `restart()`.
    public func terminate(within seconds: Double = 10) {
        take()?.terminate(within: seconds)
    }

    /// Terminates the program and removes its directory (unless `keepingDirectory`).
    public func stop(keepingDirectory: Bool = false) {
        terminate()
        if !keepingDirectory { try? FileManager.default.removeItem(at: directory) }
    }

    /// The log so far ("" when it cannot be read).
    public func log() -> String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    private var current: SpawnedProcess? { lock.withLock { process } }

    /// The running process, forgotten here (so it is signalled by one caller only).
    private func take() -> SpawnedProcess? {
        lock.withLock {
            defer { process = nil }
            return process
        }
    }
}
