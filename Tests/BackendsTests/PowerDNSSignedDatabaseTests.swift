import DadnsTestKit
import Foundation
import Logging
import Testing
@testable import Backends

/// A pre-signed NSEC3 zone pushed to a real pdns_server whose stanza names its gsqlite3 database
/// (`gsqlite3_database`): no `pdnsutil`, and PowerDNS's metadata cache left at its default (60 s).
/// PowerDNS serves the zone's signatures and its NSEC3 denial of existence, as the zone was signed:
/// NXDOMAIN, NODATA, a name below an empty non-terminal, a delegation; after an update; and
/// nothing signed once the zone comes unsigned.
@Suite("PowerDNS serves a pre-signed zone's NSEC3 denial (gsqlite3_database)", .serialized)
struct PowerDNSSignedDatabaseTests {
    static let domain = "signed.example"

    /// An empty non-terminal (`b`, above `a.b`) and a delegation (`sub`, its glue below it).
    static func unsigned(serial: Int, address: String, extra: String = "") -> String {
        """
        \(domain).\t300\tIN\tSOA\tns1.\(domain). hostmaster.\(domain). \(serial) 3600 900 1209600 300
        \(domain).\t300\tIN\tNS\tns1.\(domain).
        ns1.\(domain).\t300\tIN\tA\t192.0.2.53
        www.\(domain).\t300\tIN\tA\t\(address)
        a.b.\(domain).\t300\tIN\tA\t192.0.2.90
        sub.\(domain).\t300\tIN\tNS\tns.sub.\(domain).
        ns.sub.\(domain).\t300\tIN\tA\t192.0.2.91
        \(extra)
        """
    }

    static func backend(_ pdns: PowerDNSServer) -> PowerDNSBackend {
        PowerDNSBackend(
            name: "powerdns",
            settings: PowerDNSSettings(apiURL: pdns.apiURL, apiKey: pdns.apiKey, timeout: 10, gsqlite3Database: pdns.databaseFile),
            logger: Logger(label: "test"))
    }

    /// The signed text's `denial` records (NSEC3 or NSEC): owner (lower case) and rdata (upper case, no spaces).
    static func denialRecords(_ signed: String, _ denial: String) -> Set<String> {
        Set(signed.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard fields.count > 4, fields[3] == denial else { return nil }
            return fields[0].lowercased() + " " + fields.dropFirst(4).joined().uppercased()
        })
    }

    /// The response's `denial` records as served, in the form of `denialRecords`, after checking
    /// each has a signature.
    static func servedDenial(_ response: Dig.Response, _ denial: String) -> Set<String> {
        let records = response.authority.filter { $0.type == denial }
        for record in records {
            #expect(
                response.authority.contains { $0.type == "RRSIG" && $0.name == record.name && $0.data.hasPrefix(denial + " ") },
                "no RRSIG for \(record)")
        }
        return Set(records.map { $0.name.lowercased() + " " + $0.data.filter { !$0.isWhitespace }.uppercased() })
    }

    /// `name` is denied as the signed zone denies it: `status`, and at least one NSEC3 (or NSEC),
    /// every one of them among the signed zone's and signed.
    static func expectDenial(
        _ pdns: PowerDNSServer, _ name: String, _ type: String, _ status: String, signed: String, denial: String = "NSEC3"
    ) throws {
        let response = try Dig.response(port: pdns.port, name, type, dnssec: true)
        #expect(response.status == status, "\(name)/\(type): \(response)")
        #expect(response.answer.filter { $0.type == type }.isEmpty, "\(response)")
        let served = servedDenial(response, denial)
        let held = denialRecords(signed, denial)
        #expect(!held.isEmpty, "the signed zone holds no \(denial)")
        #expect(!served.isEmpty, "\(name)/\(type): no \(denial) in \(response.authority)")
        #expect(served.isSubset(of: held), "\(served.subtracting(held))")
    }

    /// With the ordernames just cleared in the database behind dadns's back: the denial fails
    /// (SERVFAIL), the healing pass finds the zone drifted, and a re-apply serves it again.
    static func expectLostOrdernamesHealed(_ pdns: PowerDNSServer, _ backend: PowerDNSBackend, signed: String) async throws {
        _ = try pdns.request("PUT", "/api/v1/servers/localhost/cache/flush?domain=\(Self.domain).")
        #expect(try Dig.response(port: pdns.port, "nothing-here.\(Self.domain)", "A", dnssec: true).status == "SERVFAIL")
        #expect(try await backend.drifted([BackendChange(domain: Self.domain, zoneText: signed)]) == [Self.domain])
        #expect(await backend.apply([BackendChange(domain: Self.domain, zoneText: signed)]) == [.applied])
        #expect(try await backend.drifted([BackendChange(domain: Self.domain, zoneText: signed)]) == [])
        try Self.expectDenial(pdns, "nothing-here.\(Self.domain)", "A", "NXDOMAIN", signed: signed)
    }

    @Test func aSignedZoneIsServedWithItsDenialAndUnsignedAgain() async throws {
        let pdns = try PowerDNSServer(dnssec: true)
        defer { pdns.stop() }
        let backend = Self.backend(pdns)
        let signed = try SignedZoneFixture.sign(Self.domain, Self.unsigned(serial: 1, address: "192.0.2.80"))

        // First apply: no operator step.
        #expect(await backend.apply([BackendChange(domain: Self.domain, zoneText: signed)]) == [.applied])
        let zone = "/api/v1/servers/localhost/zones/\(Self.domain)."
        #expect(try pdns.request("GET", "\(zone)/metadata/PRESIGNED").body.contains("\"1\""))
        #expect(try pdns.zoneJSON(Self.domain)?["nsec3param"] as? String == "1 0 0 -")

        let www = try SignedZoneFixture.digDNSSEC(port: pdns.port, "www.\(Self.domain)", "A")
        #expect(www.status == "NOERROR" && www.types.sorted() == ["A", "RRSIG"], "\(www)")
        try Self.expectDenial(pdns, "nothing-here.\(Self.domain)", "A", "NXDOMAIN", signed: signed)
        try Self.expectDenial(pdns, "x.b.\(Self.domain)", "A", "NXDOMAIN", signed: signed)
        try Self.expectDenial(pdns, "b.\(Self.domain)", "A", "NOERROR", signed: signed)
        try Self.expectDenial(pdns, "www.\(Self.domain)", "TXT", "NOERROR", signed: signed)
        #expect(try await backend.drifted([BackendChange(domain: Self.domain, zoneText: signed)]) == [])

        // Ordernames lost behind dadns's back (as a change through the API leaves new rows): the
        // denial fails, the healing pass finds the zone drifted, and a re-apply serves it again.
        let cleared = try await ProgramRun.output([PowerDNSServer.sqlitePath, pdns.databaseFile, "UPDATE records SET ordername = NULL"])
        #expect(cleared.status == 0, "\(cleared.output)")
        try await Self.expectLostOrdernamesHealed(pdns, backend, signed: signed)

        // Re-signed with a changed record and a new name: the new chain is served.
        let resigned = try SignedZoneFixture.sign(
            Self.domain, Self.unsigned(serial: 2, address: "192.0.2.81", extra: "new.\(Self.domain).\t300\tIN\tA\t192.0.2.82"))
        #expect(await backend.apply([BackendChange(domain: Self.domain, zoneText: resigned)]) == [.applied])
        #expect(try pdns.query("new.\(Self.domain)", "A").answer == ["192.0.2.82"])
        try Self.expectDenial(pdns, "nothing-here.\(Self.domain)", "A", "NXDOMAIN", signed: resigned)
        try Self.expectDenial(pdns, "new.\(Self.domain)", "TXT", "NOERROR", signed: resigned)

        // Unsigned again: PRESIGNED and the NSEC3 parameters gone, nothing signed served.
        #expect(await backend.apply([BackendChange(domain: Self.domain, zoneText: Self.unsigned(serial: 3, address: "192.0.2.83"))]) == [.applied])
        #expect(try !pdns.request("GET", "\(zone)/metadata/PRESIGNED").body.contains("\"1\""))
        #expect(try pdns.zoneJSON(Self.domain)?["nsec3param"] as? String == "")
        let plain = try SignedZoneFixture.digDNSSEC(port: pdns.port, "www.\(Self.domain)", "A")
        #expect(plain.types == ["A"], "\(plain)")
        #expect(!pdns.requests().contains { $0.contains("/metadata/PRESIGNED") && !$0.hasPrefix("GET") }, "\(pdns.requests())")
    }

    @Test func anNSECSignedZoneIsServedWithItsDenial() async throws {
        let pdns = try PowerDNSServer(dnssec: true)
        defer { pdns.stop() }
        let backend = Self.backend(pdns)
        let signed = try SignedZoneFixture.sign(Self.domain, Self.unsigned(serial: 1, address: "192.0.2.80"), nsec3: false)
        #expect(await backend.apply([BackendChange(domain: Self.domain, zoneText: signed)]) == [.applied])
        #expect(try pdns.zoneJSON(Self.domain)?["nsec3param"] as? String == "")
        let www = try SignedZoneFixture.digDNSSEC(port: pdns.port, "www.\(Self.domain)", "A")
        #expect(www.status == "NOERROR" && www.types.sorted() == ["A", "RRSIG"], "\(www)")
        try Self.expectDenial(pdns, "nothing-here.\(Self.domain)", "A", "NXDOMAIN", signed: signed, denial: "NSEC")
        try Self.expectDenial(pdns, "x.b.\(Self.domain)", "A", "NXDOMAIN", signed: signed, denial: "NSEC")
        try Self.expectDenial(pdns, "www.\(Self.domain)", "TXT", "NOERROR", signed: signed, denial: "NSEC")
    }

    @Test func aDatabaseWithoutTheZoneFailsTheZoneNamingTheKey() async throws {
        let pdns = try PowerDNSServer(dnssec: true)
        defer { pdns.stop() }
        let other = try PowerDNSServer(dnssec: true)
        defer { other.stop() }
        // The stanza names another server's database: the zone fails, saying which key and file.
        let backend = PowerDNSBackend(
            name: "powerdns",
            settings: PowerDNSSettings(apiURL: pdns.apiURL, apiKey: pdns.apiKey, timeout: 10, gsqlite3Database: other.databaseFile),
            logger: Logger(label: "test"))
        let signed = try SignedZoneFixture.sign(Self.domain, Self.unsigned(serial: 1, address: "192.0.2.80"))
        let outcome = await backend.apply([BackendChange(domain: Self.domain, zoneText: signed)])
        guard case .failed(let reason) = outcome.first else {
            Issue.record("applied with another server's database: \(outcome)")
            return
        }
        #expect(reason.contains("gsqlite3_database") && reason.contains(other.databaseFile) && reason.contains("has no zone \(Self.domain)"), "\(reason)")
        #expect(!reason.contains(pdns.apiKey))
    }
}
