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
    /// The response to `name`/`type` with DNSSEC records asked for (`dig +dnssec`): status,
    /// answer and authority sections, TTLs included. Dig-queried servers get it from
    /// `DigQueriedServer`; coredns_mysql gives the rows' `ttl` and `data` as the answer.
    func response(zone: String, _ name: String, _ type: String) throws -> Dig.Response
    /// What the server holds, one string per item a zone can leave behind: for servers on zone
    /// files every path under the server's directory (from `DigQueriedServer`), for coredns_mysql
    /// every zone row and every record row with its zone's name. A refused zone adds nothing.
    func holdings() throws -> Set<String>
}

/// A server that answers DNS on loopback and keeps its files in one directory (bind, nsd, knot,
/// powerdns): `response` and `holdings` come from these two.
protocol DigQueriedServer: ConformanceServer {
    /// The port it answers DNS queries on (127.0.0.1).
    var dnsPort: Int { get }
    /// The directory holding its configuration, zone files and state.
    var serverDirectory: URL { get }
}

extension DigQueriedServer {
    /// Appends a record dadns never wrote (`tampered.ZONE A 192.0.2.66`) to the zone file at
    /// `path`: the hand edit that servers on zone files must find as drift.
    static func appendTamperedRecord(zone: String, toFile path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8) + "tampered.\(zone).\t300\tIN\tA\t192.0.2.66\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func response(zone: String, _ name: String, _ type: String) throws -> Dig.Response {
        try Dig.response(port: dnsPort, name, type, dnssec: true)
    }

    func holdings() throws -> Set<String> {
        let root = serverDirectory.path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        return Set(walker.compactMap { $0 as? String })
    }
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
final class BindConformanceServer: DigQueriedServer {
    let named: NamedServer
    let backend: any DNSBackend

    init() throws {
        named = try NamedServer()
        backend = try BindBackend(name: "bind", settings: BindBackendSettings(
            zonesDirectory: named.zonesDirectory, includeFile: named.includeFile, rndcPath: "/usr/sbin/rndc",
            rndcServer: "127.0.0.1", rndcPort: named.controlPort, rndcKeyFile: named.keyFile, commandTimeout: 10))
    }

    var dnsPort: Int { named.port }
    var serverDirectory: URL { named.directory }

    func answers(zone: String, _ name: String, _ type: String) throws -> [String] { try named.query(name, type).answer }

    /// An extra record appended to the zone file on disk.
    func tamper(zone: String) throws {
        try Self.appendTamperedRecord(zone: zone, toFile: named.zonesDirectory + "/\(zone).db")
    }

    func takeDown() throws { named.kill() }
    func bringUp() throws { try named.restart() }
    func stop() { named.stop() }
}

/// NSD: zone files, include, nsd-control, queried with dig. Its `drifted` checks presence
/// (nsd-control zonestatus) and each zone file's content (`NSDDriftTests`); tampering here
/// removes the zone from the running server.
final class NSDConformanceServer: DigQueriedServer {
    let nsd: NSDServer
    let backend: any DNSBackend

    init() throws {
        nsd = try NSDServer()
        backend = try NSDBackend(name: "nsd", settings: NSDBackendSettings(
            zonesDirectory: nsd.zonesDirectory, includeFile: nsd.includeFile,
            controlPath: NSDServer.controlPath, controlConfig: nsd.configFile, pattern: "dadns", commandTimeout: 20))
    }

    var dnsPort: Int { nsd.port }
    var serverDirectory: URL { nsd.directory }

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

    /// The rows coredns_mysql_extend would answer with, as records (no RRSIG, no authority
    /// section: it has neither).
    func response(zone: String, _ name: String, _ type: String) throws -> Dig.Response {
        let reader = try server.reader()
        defer { reader.close() }
        let hostname = name == zone ? "@" : String(name.dropLast(zone.count + 1))
        let rows = try reader.query("""
            SELECT ttl, data FROM records WHERE online!=0
            and zone_id=(SELECT id FROM zones WHERE zone_name=\(try reader.literal(zone + ".")))
            and hostname=\(try reader.literal(hostname)) and type=\(try reader.literal(type))
            """)
        let answer = rows.compactMap { row -> Dig.Record? in
            guard row.count == 2, let ttl = row[0].flatMap({ UInt32($0) }), let data = row[1] else { return nil }
            return Dig.Record(name: name + ".", ttl: ttl, type: type, data: data)
        }
        return Dig.Response(status: answer.isEmpty ? "NXDOMAIN" : "NOERROR", answer: answer, authority: [])
    }

    /// Every zone row and every record row, named by its zone.
    func holdings() throws -> Set<String> {
        let reader = try server.reader()
        defer { reader.close() }
        let zones = try reader.query("SELECT zone_name FROM zones").compactMap { $0.first ?? nil }
        let records = try reader.query("""
            SELECT CONCAT(COALESCE(z.zone_name, CONCAT('zone#', r.zone_id)), ' ', r.hostname, ' ', r.type, ' ', r.data)
            FROM records r LEFT JOIN zones z ON z.id = r.zone_id
            """).compactMap { $0.first ?? nil }
        return Set(zones.map { "zone \($0)" } + records.map { "record \($0)" })
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
