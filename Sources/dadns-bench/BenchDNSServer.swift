import ArgumentParser
import DadnsTestKit
import Foundation

/// The backend `dadns-bench push` fans out to.
enum BenchBackendKind: String, ExpressibleByArgument, CaseIterable {
    case bind, knot
}

/// The DNS server a push benchmark starts on loopback for its backend (named for `bind`, knotd
/// from its configuration database for `knot`), with the `dns.backends` entry pointing at it.
final class BenchDNSServer {
    let kind: BenchBackendKind
    private let named: NamedServer?
    private let knot: KnotServer?

    init(_ kind: BenchBackendKind, directory: String) throws {
        self.kind = kind
        switch kind {
        case .bind:
            named = try NamedServer(directory: URL(fileURLWithPath: directory + "/named"))
            knot = nil
        case .knot:
            named = nil
            knot = try KnotServer(logLevel: "warning")
        }
    }

    /// The server's name in the printed figures.
    var program: String { kind == .bind ? "named" : "knotd" }
    var port: Int { named?.port ?? knot?.port ?? 0 }
    var peakRSS: Int { named?.peakRSS ?? knot?.peakRSS ?? 0 }

    /// Starts the daemon on this server: a `BenchNode` with its backend stanza.
    func node(executable: String, directory: String, datastore: String, dns: String, logLevel: String) throws -> BenchNode {
        if let named {
            return try BenchNode(executable: executable, directory: directory, named: named, datastore: datastore, dns: dns, logLevel: logLevel)
        }
        guard let knot else { throw BenchError("no server started") }
        return try BenchNode(
            executable: executable, directory: directory,
            backends: "    knot: {type: knot, enabled: true, zones_dir: \(knot.zonesDirectory), knotc_path: \(KnotServer.knotcPath), control_socket: \(knot.controlSocket)}",
            datastore: datastore, dns: dns, logLevel: logLevel)
    }

    func stop(keepingDirectory: Bool) {
        named?.stop(keepingDirectory: keepingDirectory)
        knot?.stop()
    }
}
