import Foundation
import DadnsTestKit
@testable import Backends

/// Knot DNS: zone files, zones added in knotc configuration transactions, queried with dig. The
/// backend is built from a `knot` stanza through `BackendRegistry`, as `serve` builds it.
final class KnotConformanceServer: DigQueriedServer {
    let knot: KnotServer
    let backend: any DNSBackend

    init() throws {
        let knot = try KnotServer()
        self.knot = knot
        backend = try registryBackend(type: "knot", settings: [
            (KnotBackendSettings.Keys.zonesDir, knot.zonesDirectory), (KnotBackendSettings.Keys.knotcPath, KnotServer.knotcPath),
            (KnotBackendSettings.Keys.controlSocket, knot.controlSocket), (KnotBackendSettings.Keys.commandTimeout, "30"),
        ]) { knot.stop() }
    }

    var dnsPort: Int { knot.port }
    var serverDirectory: URL { knot.directory }

    func answers(zone: String, _ name: String, _ type: String) throws -> [String] { try knot.query(name, type).answer }

    /// An extra record appended to the zone file, which Knot then reloads (an edit by hand).
    func tamper(zone: String) throws {
        try Self.appendTamperedRecord(zone: zone, toFile: knot.zonesDirectory + "/\(zone).zone")
        _ = try knot.control(["zone-reload", zone])
    }

    func takeDown() throws { knot.kill() }
    func bringUp() throws { try knot.restart() }
    func stop() { knot.stop() }
}
