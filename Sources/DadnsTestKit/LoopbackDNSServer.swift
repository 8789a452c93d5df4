import Foundation

/// What the DNS servers a test starts on loopback (named, Knot, NSD, PowerDNS) share: their
/// process (`ServerProcess`), its directory, log and memory, and polling until a check holds.
/// One implementation instead of one copy per server.
public protocol LoopbackDNSServer: AnyObject {
    /// The server's process.
    var launcher: ServerProcess { get }
}

extension LoopbackDNSServer {
    /// The server's own directory.
    public var directory: URL { launcher.directory }

    /// Where the server writes its log.
    public var logFile: URL { launcher.logFile }

    /// The server's log so far ("" when it cannot be read).
    public func log() -> String { launcher.log() }

    /// Peak resident set size of the server in bytes (0 when it is not running).
    public var peakRSS: Int { launcher.peakRSS }

    /// Whether the server runs.
    public var isRunning: Bool { launcher.isRunning }

    /// SIGKILL, as a crash would, keeping the directory for `restart()`.
    public func kill() { launcher.kill() }

    /// Polls until `check` holds (servers load zones asynchronously), for at most `seconds`.
    public func waitFor(seconds: Double = 5, _ check: () throws -> Bool) rethrows -> Bool {
        try Dig.waitFor(seconds: seconds, check)
    }

    /// `waitFor` for async code: the task sleeps between looks.
    public func waitFor(seconds: Double = 5, _ check: () throws -> Bool) async rethrows -> Bool {
        try await Dig.waitFor(seconds: seconds, check)
    }
}

/// A loopback DNS server that loads zone files (named, NSD, Knot): from `DIR/zones`.
public protocol ZoneFileDNSServer: LoopbackDNSServer {}

extension ZoneFileDNSServer {
    /// Where the server's zone files are (`DIR/zones`).
    public var zonesDirectory: String { directory.appendingPathComponent("zones").path }
}
