import ArgumentParser
import DadnsTestKit
import Foundation

/// The backend `dadns-bench push` has serve the pushed zones.
enum BenchPushBackend: String, ExpressibleByArgument, CaseIterable {
    /// BIND: zone files, an include and rndc, on a named it starts.
    case bind
    /// PowerDNS over its HTTP API, on a pdns_server (gsqlite3) it starts.
    case powerdns
    /// Knot: zone files and knotc, on a knotd (from its configuration database) it starts.
    case knot
}

/// The DNS server a push benchmark starts on loopback for its backend, and what the daemon's
/// configuration says of it.
struct BenchServedBy {
    let kind: BenchPushBackend
    let named: NamedServer?
    let pdns: PowerDNSServer?
    let knot: KnotServer?

    /// Starts the server of `kind` (named keeps its files under `directory`/named).
    /// `pdnsArguments`: more pdns_server arguments.
    init(_ kind: BenchPushBackend, directory: String, pdnsArguments: [String] = []) throws {
        self.kind = kind
        named = kind == .bind ? try NamedServer(directory: URL(fileURLWithPath: directory + "/named")) : nil
        pdns = kind == .powerdns ? try PowerDNSServer(extraArguments: pdnsArguments) : nil
        knot = kind == .knot ? try KnotServer(logLevel: "warning") : nil
    }

    /// The DNS port to poll.
    var port: Int { named?.port ?? pdns?.port ?? knot?.port ?? 0 }
    /// The server program's name, for the printout.
    var program: String {
        switch kind {
        case .bind: "named"
        case .powerdns: "pdns_server"
        case .knot: "knotd"
        }
    }
    /// The backend's name in the daemon (its lane and metrics label).
    var lane: String { kind.rawValue }
    var peakRSS: Int { named?.peakRSS ?? pdns?.peakRSS ?? knot?.peakRSS ?? 0 }

    /// The backend stanza (flow YAML) for the daemon; nil: BenchNode's bind stanza for `named`.
    var stanza: String? {
        if let pdns { return "powerdns: {type: powerdns, enabled: true, api_url: \(pdns.apiURL), api_key: \(pdns.apiKey)}" }
        if let knot {
            return "knot: {type: knot, enabled: true, zones_dir: \(knot.zonesDirectory), knotc_path: \(KnotServer.knotcPath), "
                + "control_socket: \(knot.controlSocket)}"
        }
        return nil
    }

    func stop(keepingDirectory keep: Bool) {
        named?.stop(keepingDirectory: keep)
        pdns?.stop()
        knot?.stop()
    }
}
