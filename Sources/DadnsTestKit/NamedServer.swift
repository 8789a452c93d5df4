import Foundation

/// A real `named` on loopback for one test: its own directory, free ports, an rndc key, started
/// under `setpriv --pdeathsig` so it dies with the test process, stopped by `stop()`.
public final class NamedServer: @unchecked Sendable {
    public let directory: URL
    public let port: Int
    public let controlPort: Int
    private var process: SpawnedProcess?
    public var includeFile: String { directory.appendingPathComponent("named.conf.include").path }
    public var zonesDirectory: String { directory.appendingPathComponent("zones").path }
    public var keyFile: String { directory.appendingPathComponent("rndc.key").path }

    /// Peak resident set size of `named` in bytes (0 when it is not running).
    public var peakRSS: Int { process?.peakRSS ?? 0 }

    /// Starts `named` in `directory` (default: a new one under /tmp). `options` goes inside the
    /// `options { }` block and `config` after the include (a catalog consumer's
    /// `catalog-zones { … }` and its secondary zone); `DIR` in either is replaced by the directory.
    public init(directory chosen: URL? = nil, options: String = "", config extra: String = "") throws {
        directory = chosen ?? URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-named-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = try FreePort.find()
        controlPort = try FreePort.find()
        let keygen = try ProgramRun.status(["/usr/sbin/rndc-confgen", "-a", "-A", "hmac-sha256", "-k", "rndc-key", "-c", directory.appendingPathComponent("rndc.key").path])
        guard keygen == 0 else { throw Failure("rndc-confgen failed") }
        let dir = directory.path
        let config = """
            include "\(dir)/rndc.key";
            options { directory "\(dir)"; pid-file "\(dir)/named.pid"; session-keyfile "\(dir)/session.key";
              listen-on port \(port) { 127.0.0.1; }; listen-on-v6 { none; };
              recursion no; dnssec-validation no; notify no; \(options.replacingOccurrences(of: "DIR", with: dir)) };
            controls { inet 127.0.0.1 port \(controlPort) allow { 127.0.0.1; } keys { "rndc-key"; }; };
            include "\(dir)/named.conf.include";
            \(extra.replacingOccurrences(of: "DIR", with: dir))
            """
        try config.write(to: directory.appendingPathComponent("named.conf"), atomically: true, encoding: .utf8)
        try "".write(toFile: dir + "/named.conf.include", atomically: true, encoding: .utf8)
        try launch()
    }

    /// Starts `named` on this directory and ports and waits until our rndc key works.
    private func launch() throws {
        let dir = directory.path
        let log = directory.appendingPathComponent("named.log")
        let process = try SpawnedProcess(server: ["/usr/sbin/named", "-g", "-c", dir + "/named.conf", "-n", "1"], logFile: log.path)
        self.process = process
        guard try process.waitUntil(seconds: 20, interval: 0.1, { try ProgramRun.status(["/usr/sbin/rndc"] + rndcArguments(["status"])) == 0 })
        else {
            stop()
            throw Failure("named did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        }
    }

    /// Kills `named` with SIGKILL, as a crash would, keeping its directory for `restart()`.
    public func kill() {
        process?.kill()
    }

    /// Freezes `named` (SIGSTOP): it holds its ports but answers nothing, as a hung server does.
    public func freeze() {
        process?.signal(SIGSTOP)
    }

    /// Lets a frozen `named` run again (SIGCONT).
    public func thaw() {
        process?.signal(SIGCONT)
    }

    /// Starts `named` again on the same directory and ports (after `kill()`); it loads the
    /// include and zone files as they are on disk.
    public func restart() throws {
        kill()
        try launch()
    }

    /// Runs rndc against this named; its exit status.
    public func rndc(_ command: [String]) throws -> Int32 {
        try ProgramRun.status(["/usr/sbin/rndc"] + rndcArguments(command))
    }

    public func rndcArguments(_ command: [String]) -> [String] {
        ["-k", keyFile, "-s", "127.0.0.1", "-p", String(controlPort)] + command
    }

    /// `dig +short` for a name and type; nil when named answers with an error (REFUSED…).
    public func query(_ name: String, _ type: String) throws -> (status: String, answer: [String]) {
        let output = try ProgramRun.text(["/usr/bin/dig", "@127.0.0.1", "-p", String(port), name, type, "+time=2", "+tries=1", "+norecurse"])
        let status = output.split(separator: "\n").first { $0.contains("status:") }
            .flatMap { line in line.split(separator: ",").first { $0.contains("status:") } }
            .map { $0.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "?"
        let answers = try ProgramRun.text(["/usr/bin/dig", "@127.0.0.1", "-p", String(port), name, type, "+short", "+time=2", "+tries=1"])
        return (status, answers.split(separator: "\n").map(String.init))
    }

    /// Polls until `check` holds (named applies reloads asynchronously), for at most 5 s.
    public func waitFor(_ check: () throws -> Bool) rethrows -> Bool {
        try Dig.waitFor(seconds: 5, check)
    }

    /// Stops `named` and removes its directory (unless `keepingDirectory`).
    public func stop(keepingDirectory: Bool = false) {
        thaw()  // a frozen named would never act on SIGTERM
        process?.terminate()
        if !keepingDirectory { try? FileManager.default.removeItem(at: directory) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }
}
