import Foundation

/// What the DNS servers a test starts on loopback (Knot, NSD, PowerDNS) share: a log file to read
/// and polling until a check holds. One implementation instead of one copy per server.
public protocol LoopbackDNSServer: AnyObject {
    /// Where the server writes its log.
    var logFile: URL { get }
}

extension LoopbackDNSServer {
    /// The server's log so far ("" when it cannot be read).
    public func log() -> String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Polls until `check` holds (servers load zones asynchronously), for at most `seconds`.
    public func waitFor(seconds: Double = 5, _ check: () throws -> Bool) rethrows -> Bool {
        try Dig.waitFor(seconds: seconds, check)
    }
}
