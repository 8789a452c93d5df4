import Foundation
import DadnsTestKit
@testable import Backends

/// PowerDNS Authoritative: zones through its HTTP API (gsqlite3 with DNSSEC tables, so a
/// pre-signed zone can be served), queried with dig. The backend is built from a `powerdns`
/// stanza through `BackendRegistry`, as `serve` builds it, with `gsqlite3_database` naming the
/// server's database: what the API refuses a pre-signed zone (PRESIGNED, NSEC3PARAM, ordernames)
/// is written there, so the zone's NSEC3 denial is served too.
final class PowerDNSConformanceServer: DigQueriedServer {
    let pdns: PowerDNSServer
    let backend: any DNSBackend

    init() throws {
        let pdns = try PowerDNSServer(dnssec: true)
        self.pdns = pdns
        backend = try registryBackend(type: "powerdns", settings: [
            (PowerDNSSettings.Keys.apiURL, pdns.apiURL), (PowerDNSSettings.Keys.apiKey, pdns.apiKey), (PowerDNSSettings.Keys.timeout, "30"),
            (PowerDNSSettings.Keys.gsqlite3Database, pdns.databaseFile),
        ]) { pdns.stop() }
    }

    var dnsPort: Int { pdns.port }
    var serverDirectory: URL { pdns.directory }

    func answers(zone: String, _ name: String, _ type: String) throws -> [String] { try pdns.query(name, type).answer }

    /// The files under its directory (as any dig-queried server), and what its database holds: every
    /// zone PowerDNS lists and every record's owner name (`zone:` and `record:` prefixed).
    func holdings() throws -> Set<String> {
        let files = Set((FileManager.default.enumerator(atPath: serverDirectory.path)?.compactMap { $0 as? String }) ?? [])
        let zones = try pdns.zones().keys.map { "zone:" + $0 }
        let listed = try ProgramRun.output([PowerDNSServer.sqlitePath, pdns.databaseFile, "SELECT DISTINCT name FROM records"])
        guard listed.status == 0 else { throw NamedServer.Failure("sqlite3 could not read \(pdns.databaseFile): \(listed.output)") }
        let owners = listed.output.split(separator: "\n").map { "record:" + $0 }
        return files.union(zones).union(owners)
    }

    /// One RRset replaced through the API, as another tool would.
    func tamper(zone: String) throws {
        try pdns.replaceRRset(zone: zone, name: "www.\(zone)", type: "A", ttl: 300, contents: ["192.0.2.66"])
    }

    func takeDown() throws { pdns.pause() }
    func bringUp() throws { try pdns.restart() }
    func stop() { pdns.stop() }
}
