import ArgumentParser
import DadnsTestKit
import Foundation

/// The backend `dadns-bench push` has serve the pushed zones.
enum BenchPushBackend: String, ExpressibleByArgument, CaseIterable {
    /// BIND: zone files, an include and rndc, on a named it starts.
    case bind
    /// PowerDNS over its HTTP API, on a pdns_server (gsqlite3) it starts.
    case powerdns
}

/// The DNS server a push benchmark starts on loopback for its backend, and what the daemon's
/// configuration says of it.
struct BenchServedBy {
    let kind: BenchPushBackend
    let named: NamedServer?
    let pdns: PowerDNSServer?

    /// Starts the server of `kind` (named keeps its files under `directory`/named).
    /// `pdnsArguments`: more pdns_server arguments.
    init(_ kind: BenchPushBackend, directory: String, pdnsArguments: [String] = []) throws {
        self.kind = kind
        named = kind == .bind ? try NamedServer(directory: URL(fileURLWithPath: directory + "/named")) : nil
        pdns = kind == .powerdns ? try PowerDNSServer(extraArguments: pdnsArguments) : nil
    }

    /// The DNS port to poll.
    var port: Int { named?.port ?? pdns?.port ?? 0 }
    /// The server program's name, for the printout.
    var program: String { kind == .bind ? "named" : "pdns_server" }
    /// The backend's name in the daemon (its lane and metrics label).
    var lane: String { kind.rawValue }
    var peakRSS: Int { named?.peakRSS ?? pdns?.peakRSS ?? 0 }

    /// The backend stanza (flow YAML) for the daemon; nil: BenchNode's bind stanza for `named`.
    var stanza: String? {
        pdns.map { "powerdns: {type: powerdns, enabled: true, api_url: \($0.apiURL), api_key: \($0.apiKey)}" }
    }

    func stop(keepingDirectory keep: Bool) {
        named?.stop(keepingDirectory: keep)
        pdns?.stop()
    }
}
