import Foundation
import MariaDB
import DadnsTestKit
@testable import Backends

/// One backend under the conformance suite, running against its real server on loopback.
///
/// "Served" means what a DNS client would get: for `bind` and `nsd` a `dig` query against the
/// server; for `coredns_mysql` (no CoreDNS binary here) the rows of the `records` table exactly
/// as coredns_mysql_extend's lookup reads them (zone_id of the zone, hostname, type, online!=0).
protocol ConformanceServer: AnyObject {
    /// The backend under test, connected to this server.
    var backend: any DNSBackend { get }
    /// The rdata served for `name` (fully qualified, no trailing dot) of `type` in `zone`.
    func answers(zone: String, _ name: String, _ type: String) throws -> [String]
    /// Changes the zone behind the backend's back in a way its `drifted` check must notice.
    func tamper(zone: String) throws
    /// Makes the server unavailable (killed, stopped).
    func takeDown() throws
    /// Makes it available again, as it was.
    func bringUp() throws
    /// Stops the server and removes its files.
    func stop()
}

extension ConformanceServer {
    /// Polls `answers` until it equals `expected` (servers load zones asynchronously).
    func serves(zone: String, _ name: String, _ type: String, _ expected: [String], seconds: Double = 10) throws -> Bool {
        try Dig.waitFor(seconds: seconds) { try answers(zone: zone, name, type).sorted() == expected.sorted() }
    }
}

/// A named way to start one backend's server; the suite's parameter.
struct ConformanceSubject: CustomStringConvertible, Sendable {
    let description: String
    let start: @Sendable () throws -> any ConformanceServer

    /// Every backend that ships. A new backend adds its subject here before it ships
    /// (see docs/testing.md, "Backend conformance suite").
    static let all: [ConformanceSubject] = [
        ConformanceSubject(description: "bind") { try BindConformanceServer() },
        ConformanceSubject(description: "nsd") { try NSDConformanceServer() },
        ConformanceSubject(description: "coredns_mysql") { try CoreDNSMySQLConformanceServer() },
        ConformanceSubject(description: "powerdns") { try PowerDNSConformanceServer() },
        ConformanceSubject(description: "knot") { try KnotConformanceServer() },
    ]
}

/// BIND: zone files, include, rndc, queried with dig.
final class BindConformanceServer: ConformanceServer {
    let named: NamedServer
    let backend: any DNSBackend

    init() throws {
        named = try NamedServer()
        backend = try BindBackend(name: "bind", settings: BindBackendSettings(
            zonesDirectory: named.zonesDirectory, includeFile: named.includeFile, rndcPath: "/usr/sbin/rndc",
            rndcServer: "127.0.0.1", rndcPort: named.controlPort, rndcKeyFile: named.keyFile, commandTimeout: 10))
    }

    func answers(zone: String, _ name: String, _ type: String) throws -> [String] { try named.query(name, type).answer }

    /// An extra record appended to the zone file on disk.
    func tamper(zone: String) throws {
        let path = named.zonesDirectory + "/\(zone).db"
        let text = try String(contentsOfFile: path, encoding: .utf8) + "tampered.\(zone).\t300\tIN\tA\t192.0.2.66\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func takeDown() throws { named.kill() }
    func bringUp() throws { try named.restart() }
    func stop() { named.stop() }
}

/// NSD: zone files, include, nsd-control, queried with dig. Its `drifted` checks presence
/// (nsd-control zonestatus), so tampering removes the zone from the running server.
final class NSDConformanceServer: ConformanceServer {
    let nsd: NSDServer
    let backend: any DNSBackend

    init() throws {
        nsd = try NSDServer()
        backend = try NSDBackend(name: "nsd", settings: NSDBackendSettings(
            zonesDirectory: nsd.zonesDirectory, includeFile: nsd.includeFile,
            controlPath: NSDServer.controlPath, controlConfig: nsd.configFile, pattern: "dadns", commandTimeout: 20))
    }

    func answers(zone: String, _ name: String, _ type: String) throws -> [String] { try nsd.query(name, type).answer }
    func tamper(zone: String) throws { _ = try nsd.control(["delzone", zone]) }
    func takeDown() throws {
        _ = try? nsd.control(["stop"])
        _ = Dig.waitFor(seconds: 5) { (try? nsd.zoneNames()) == nil }
    }
    func bringUp() throws { try nsd.restart() }
    func stop() { nsd.stop() }
}

/// coredns_mysql: rows in MariaDB, read the way coredns_mysql_extend reads them.
final class CoreDNSMySQLConformanceServer: ConformanceServer {
    let server: MariaDBServer
    let coredns: CoreDNSMySQLBackend
    var backend: any DNSBackend { coredns }

    init() throws {
        server = try MariaDBServer()
        coredns = try server.backend()
    }

    func answers(zone: String, _ name: String, _ type: String) throws -> [String] {
        let reader = try server.reader()
        defer { reader.close() }
        let hostname = name == zone ? "@" : String(name.dropLast(zone.count + 1))
        return try reader.query("""
            SELECT data FROM records WHERE online!=0
            and zone_id=(SELECT id FROM zones WHERE zone_name=\(try reader.literal(zone + ".")))
            and hostname=\(try reader.literal(hostname)) and type=\(try reader.literal(type))
            """).compactMap { $0.first ?? nil }
    }

    /// One record's data changed in the table.
    func tamper(zone: String) throws {
        _ = try server.sql("UPDATE records SET data='192.0.2.66' WHERE type='A' AND hostname='www' AND zone_id=(SELECT id FROM zones WHERE zone_name='\(zone).')")
    }

    func takeDown() throws { server.stop() }
    func bringUp() throws { try server.start() }
    func stop() {
        coredns.close()
        server.destroy()
    }
}
