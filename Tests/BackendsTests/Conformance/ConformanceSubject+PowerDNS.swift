import Foundation
import DadnsTestKit
@testable import Backends

/// PowerDNS Authoritative: zones through its HTTP API (gsqlite3 with DNSSEC tables, so a
/// pre-signed zone can be served; no metadata cache, so PRESIGNED set by `markPresigned` counts at
/// once), queried with dig. The backend is built from a `powerdns`
/// stanza through `BackendRegistry`, as `serve` builds it.
final class PowerDNSConformanceServer: ConformanceServer {
    let pdns: PowerDNSServer
    let backend: any DNSBackend

    init() throws {
        let pdns = try PowerDNSServer(dnssec: true, extraArguments: ["--domain-metadata-cache-ttl=0"])
        self.pdns = pdns
        backend = try registryBackend(type: "powerdns", settings: [
            (PowerDNSSettings.Keys.apiURL, pdns.apiURL), (PowerDNSSettings.Keys.apiKey, pdns.apiKey), (PowerDNSSettings.Keys.timeout, "30"),
        ]) { pdns.stop() }
    }

    func answers(zone: String, _ name: String, _ type: String) throws -> [String] { try pdns.query(name, type).answer }

    /// One RRset replaced through the API, as another tool would.
    func tamper(zone: String) throws {
        try pdns.replaceRRset(zone: zone, name: "www.\(zone)", type: "A", ttl: 300, contents: ["192.0.2.66"])
    }

    /// The operator's step for a signed zone that PowerDNS 4.7 will not mark PRESIGNED over its API
    /// (the backend's failure says to run it): `pdnsutil set-presigned ZONE`; then a re-apply succeeds.
    func markPresigned(zone: String) throws { _ = try pdns.pdnsutil(["set-presigned", zone]) }

    func takeDown() throws { pdns.pause() }
    func bringUp() throws { try pdns.restart() }
    func stop() { pdns.stop() }
}
