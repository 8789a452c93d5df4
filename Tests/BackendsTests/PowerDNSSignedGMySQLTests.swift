import DadnsTestKit
import Foundation
import Logging
import MariaDB
import SettingsKit
import Testing
@testable import Backends

/// A pre-signed zone pushed to a real pdns_server on `launch=gmysql` (MariaDB on loopback), the
/// stanza naming that database with the `gmysql_*` keys: dadns writes PRESIGNED, NSEC3PARAM, the
/// ordernames and empty non-terminals there, as `PowerDNSSignedDatabaseTests` shows for gsqlite3
/// (whose zone, denial checks and fixtures this suite shares).
@Suite("PowerDNS serves a pre-signed zone's denial from gmysql (gmysql_dbname)", .serialized)
struct PowerDNSSignedGMySQLTests {
    typealias Shared = PowerDNSSignedDatabaseTests
    static let domain = Shared.domain

    /// A MariaDB server and a pdns_server serving from its database (DNSSEC tables read).
    static func servers() async throws -> (MariaDBServer, PowerDNSServer) {
        let mariadb = try await OffPool.run { try MariaDBServer() }
        do {
            return (mariadb, try await OffPool.run { try PowerDNSServer(dnssec: true, gmysql: mariadb) })
        } catch {
            mariadb.destroy()
            throw error
        }
    }

    /// The backend, its stanza naming `mariadb`'s database (user and password as pdns.conf's).
    static func backend(_ pdns: PowerDNSServer, _ mariadb: MariaDBServer, password: String? = nil) -> PowerDNSBackend {
        let gmysql = MariaDBConfiguration(
            port: mariadb.port, username: mariadb.username, password: password ?? mariadb.password, database: mariadb.database)
        return PowerDNSBackend(
            name: "powerdns", settings: PowerDNSSettings(apiURL: pdns.apiURL, apiKey: pdns.apiKey, timeout: 10, gmysql: gmysql),
            logger: Logger(label: "test"))
    }

    @Test func anNSEC3SignedZoneIsServedWholeHealedAndUnsignedAgain() async throws {
        let (mariadb, pdns) = try await Self.servers()
        defer { pdns.stop(); mariadb.destroy() }
        let backend = Self.backend(pdns, mariadb)
        let signed = try SignedZoneFixture.sign(Self.domain, Shared.unsigned(serial: 1, address: "192.0.2.80"))

        // First apply: PRESIGNED and the NSEC3 parameters in MariaDB, no operator step.
        #expect(await backend.apply([BackendChange(domain: Self.domain, zoneText: signed)]) == [.applied])
        let zone = "/api/v1/servers/localhost/zones/\(Self.domain)."
        #expect(try pdns.request("GET", "\(zone)/metadata/PRESIGNED").body.contains("\"1\""))
        #expect(try pdns.zoneJSON(Self.domain)?["nsec3param"] as? String == "1 0 0 -")
        let ordered = try await OffPool.run { try mariadb.sql("SELECT COUNT(*) FROM records WHERE ordername IS NOT NULL") }
        #expect(ordered.first.flatMap(Int.init) ?? 0 > 0, "\(ordered)")

        // Signed answers: A and DNSKEY with their RRSIGs; NXDOMAIN and NODATA with signed NSEC3.
        let www = try SignedZoneFixture.digDNSSEC(port: pdns.port, "www.\(Self.domain)", "A")
        #expect(www.status == "NOERROR" && www.types.sorted() == ["A", "RRSIG"], "\(www)")
        let keys = try SignedZoneFixture.digDNSSEC(port: pdns.port, Self.domain, "DNSKEY")
        #expect(keys.status == "NOERROR" && Set(keys.types) == ["DNSKEY", "RRSIG"], "\(keys)")
        try Shared.expectDenial(pdns, "nothing-here.\(Self.domain)", "A", "NXDOMAIN", signed: signed)
        try Shared.expectDenial(pdns, "x.b.\(Self.domain)", "A", "NXDOMAIN", signed: signed)
        try Shared.expectDenial(pdns, "b.\(Self.domain)", "A", "NOERROR", signed: signed)
        try Shared.expectDenial(pdns, "www.\(Self.domain)", "TXT", "NOERROR", signed: signed)
        #expect(try await backend.drifted([BackendChange(domain: Self.domain, zoneText: signed)]) == [])

        // Ordernames lost behind dadns's back: SERVFAIL, found drifted, served again once re-applied.
        _ = try await OffPool.run { try mariadb.sql("UPDATE records SET ordername = NULL") }
        try await Shared.expectLostOrdernamesHealed(pdns, backend, signed: signed)

        // Unsigned again: PRESIGNED and the NSEC3 parameters gone, nothing signed served.
        #expect(await backend.apply([BackendChange(domain: Self.domain, zoneText: Shared.unsigned(serial: 2, address: "192.0.2.83"))]) == [.applied])
        #expect(try !pdns.request("GET", "\(zone)/metadata/PRESIGNED").body.contains("\"1\""))
        #expect(try pdns.zoneJSON(Self.domain)?["nsec3param"] as? String == "")
        #expect(try SignedZoneFixture.digDNSSEC(port: pdns.port, "www.\(Self.domain)", "A").types == ["A"])
    }

    @Test func anNSECSignedZoneIsServedWithItsDenial() async throws {
        let (mariadb, pdns) = try await Self.servers()
        defer { pdns.stop(); mariadb.destroy() }
        let backend = Self.backend(pdns, mariadb)
        let signed = try SignedZoneFixture.sign(Self.domain, Shared.unsigned(serial: 1, address: "192.0.2.80"), nsec3: false)
        #expect(await backend.apply([BackendChange(domain: Self.domain, zoneText: signed)]) == [.applied])
        #expect(try pdns.zoneJSON(Self.domain)?["nsec3param"] as? String == "")
        try Shared.expectDenial(pdns, "nothing-here.\(Self.domain)", "A", "NXDOMAIN", signed: signed, denial: "NSEC")
        try Shared.expectDenial(pdns, "www.\(Self.domain)", "TXT", "NOERROR", signed: signed, denial: "NSEC")
    }

    @Test func aRefusedLoginFailsTheZoneNamingTheKeyNeverThePassword() async throws {
        let (mariadb, pdns) = try await Self.servers()
        defer { pdns.stop(); mariadb.destroy() }
        let wrong = "wrong-\(UUID().uuidString.prefix(8))"
        let backend = Self.backend(pdns, mariadb, password: wrong)
        let signed = try SignedZoneFixture.sign(Self.domain, Shared.unsigned(serial: 1, address: "192.0.2.80"))
        let outcome = await backend.apply([BackendChange(domain: Self.domain, zoneText: signed)])
        guard case .failed(let reason) = outcome.first else {
            Issue.record("applied with a wrong gmysql password: \(outcome)")
            return
        }
        #expect(reason.contains("gmysql_dbname") && reason.contains("\(mariadb.username)@127.0.0.1:\(mariadb.port)/\(mariadb.database)"), "\(reason)")
        #expect(!reason.contains(wrong) && !reason.contains(mariadb.password) && !reason.contains(pdns.apiKey), "\(reason)")
    }

    @Test func theGMySQLKeysAreReadAndCheckedAtStartUp() throws {
        func stanza(_ values: [String: String]) -> BackendStanza {
            BackendStanza(name: "pdns", type: "powerdns", enabled: true, settings: values)
        }
        let read = PowerDNSSettings(stanza: stanza([
            "api_key": "k", "gmysql_host": "db.example", "gmysql_port": "3307", "gmysql_user": "pdns", "gmysql_password": "s3cret",
            "gmysql_dbname": "powerdns",
        ]))
        #expect(read.gmysql?.address == "pdns@db.example:3307/powerdns" && read.gmysql?.password == "s3cret")
        #expect(PowerDNSSettings(stanza: stanza(["api_key": "k", "gmysql_user": "pdns"])).gmysql == nil)
        try PowerDNSSettings.preflight(stanza(["api_key": "k", "gmysql_user": "pdns", "gmysql_dbname": "powerdns"]))
        /// The key preflight refuses `values` on (nil: accepted).
        func refusedKey(_ values: [String: String]) -> String? {
            do {
                try PowerDNSSettings.preflight(stanza(values))
                return nil
            } catch {
                return (error as? ConfigError)?.key ?? "\(error)"
            }
        }
        #expect(refusedKey(["api_key": "k", "gmysql_dbname": "powerdns"]) == "dns.backends.pdns.gmysql_user")
        #expect(
            refusedKey(["api_key": "k", "gmysql_user": "pdns", "gmysql_dbname": "powerdns", "gsqlite3_database": "/dev/null"])
                == "dns.backends.pdns.gmysql_dbname")
    }
}
