import Foundation

/// A real `named` on loopback for one test: its own directory, free ports, an rndc key, started
/// under `setpriv --pdeathsig` so it dies with the test process, stopped by `stop()`.
public final class NamedServer: ZoneFileDNSServer, @unchecked Sendable {
    public let port: Int
    public let controlPort: Int
    public let launcher: ServerProcess
    public var includeFile: String { directory.appendingPathComponent("named.conf.include").path }
    public var keyFile: String { directory.appendingPathComponent("rndc.key").path }

    /// Starts `named` in `directory` (default: a new one under /tmp). `options` goes inside the
    /// `options { }` block and `config` after the include (a catalog consumer's
    /// `catalog-zones { … }` and its secondary zone); `DIR` in either is replaced by the directory.
    public init(directory chosen: URL? = nil, options: String = "", config extra: String = "") throws {
        let directory = try chosen ?? ServerProcess.makeDirectory("named")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = try FreePort.find()
        controlPort = try FreePort.find()
        let dir = directory.path
        let rndcStatus = ["/usr/sbin/rndc"] + Self.rndcArguments(["status"], keyFile: dir + "/rndc.key", controlPort: controlPort)
        launcher = ServerProcess(
            name: "named", directory: directory, logFile: directory.appendingPathComponent("named.log"), interval: 0.1
        ) { try ProgramRun.status(rndcStatus) == 0 }
        let keygen = try ProgramRun.status(["/usr/sbin/rndc-confgen", "-a", "-A", "hmac-sha256", "-k", "rndc-key", "-c", directory.appendingPathComponent("rndc.key").path])
        guard keygen == 0 else { throw Failure("rndc-confgen failed") }
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
        // Started once our rndc key works.
        try launcher.start(["/usr/sbin/named", "-g", "-c", dir + "/named.conf", "-n", "1"])
    }

    /// Freezes `named` (SIGSTOP): it holds its ports but answers nothing, as a hung server does.
    public func freeze() {
        launcher.signal(SIGSTOP)
    }

    /// Lets a frozen `named` run again (SIGCONT).
    public func thaw() {
        launcher.signal(SIGCONT)
    }

    /// Starts `named` again on the same directory and ports (after `kill()`); it loads the
    /// include and zone files as they are on disk.
    public func restart() throws {
        try launcher.restart(killing: true)
    }

    /// Runs rndc against this named; its exit status.
    public func rndc(_ command: [String]) throws -> Int32 {
        try ProgramRun.status(["/usr/sbin/rndc"] + rndcArguments(command))
    }

    public func rndcArguments(_ command: [String]) -> [String] {
        Self.rndcArguments(command, keyFile: keyFile, controlPort: controlPort)
    }

    static func rndcArguments(_ command: [String], keyFile: String, controlPort: Int) -> [String] {
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

    /// Stops `named` and removes its directory (unless `keepingDirectory`).
    public func stop(keepingDirectory: Bool = false) {
        thaw()  // a frozen named would never act on SIGTERM
        launcher.stop(keepingDirectory: keepingDirectory)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }
}
