import DNSZone
import DadnsTestKit
import Foundation
import Testing
@testable import Backends

/// The checks on what a zone holds: a DNSSEC-signed zone, an RRset with mixed TTLs, and zone
/// names that must never reach a server. Each zone goes through the canonical form dadns's intake
/// writes (`ZoneParser` then `ZoneWriter.canonicalText`), as it does in production.
extension BackendConformanceTests {
    /// `text` as the intake hands it to the backends.
    static func canonical(_ text: String, origin: String) throws -> String {
        ZoneWriter.canonicalText(try ZoneParser.parse(text, origin: DNSName(origin + ".")))
    }

    // MARK: DNSSEC

    @Test(arguments: ConformanceSubject.all)
    func aSignedZoneIsServedIntact(_ subject: ConformanceSubject) async throws {
        let domain = "signed.example"
        let signed = try SignedZone.make(domain, Self.zone(domain, serial: 1, address: "192.0.2.80"))
        let text = try Self.canonical(signed, origin: domain)
        // The canonical form keeps every DNSSEC record, rdata and all.
        let expected = try SignedZone.records(signed, origin: domain)
        for type in ["RRSIG", "NSEC3", "NSEC3PARAM", "DNSKEY"] {
            #expect(expected.contains { $0.type == type }, "dnssec-signzone wrote no \(type)")
        }
        #expect(try SignedZone.records(text, origin: domain) == expected)

        let server = try subject.start()
        defer { server.stop() }
        do {
            // (powerdns: what its API refuses a pre-signed zone goes into its database, gsqlite3_database.)
            let outcome = await server.backend.apply([BackendChange(domain: domain, zoneText: text)])
            if subject.description == "coredns_mysql" {
                // coredns_mysql_extend cannot serve signatures or denial: refused whole, nothing stored.
                guard case .failed(let reason) = outcome.first, outcome.count == 1 else {
                    Issue.record("a signed zone was stored by coredns_mysql: \(outcome)")
                    return
                }
                #expect(reason.contains("DNSSEC-signed zone refused"), "\(reason)")
                #expect(try server.holdings().filter { $0.contains(domain) }.isEmpty)
                #expect(try await server.backend.inventory().isEmpty)
                return
            }
            #expect(outcome == [.applied])
            let www = "www.\(domain)"
            #expect(try server.serves(zone: domain, www, "A", ["192.0.2.80"]))

            // www's A with its signature, exactly as signed.
            let answer = try server.response(zone: domain, www, "A")
            #expect(answer.status == "NOERROR")
            #expect(answer.answer.filter { $0.type == "A" }.map(\.data) == ["192.0.2.80"])
            #expect(!Self.signatures(answer.answer, covering: "A").isEmpty)
            #expect(Self.signatures(answer.answer, covering: "A") == Self.signatures(expected.filter { $0.name == www + "." }, covering: "A"))

            // The keys, signed.
            let keys = try server.response(zone: domain, domain, "DNSKEY")
            #expect(Set(keys.answer.filter { $0.type == "DNSKEY" }.map { Self.squeezed($0.data) })
                == Set(expected.filter { $0.type == "DNSKEY" }.map { Self.squeezed($0.data) }))
            #expect(!Self.signatures(keys.answer, covering: "DNSKEY").isEmpty)
            #expect(Self.signatures(keys.answer, covering: "DNSKEY") == Self.signatures(expected, covering: "DNSKEY"))

            // A name that does not exist: NXDOMAIN proved by signed NSEC3 records. (PowerDNS finds a
            // pre-signed zone's NSEC3 records through each name's `ordername`, which its API leaves
            // empty: the powerdns backend writes them into the database, gsqlite3_database.)
            let missing = try server.response(zone: domain, "nothing-here.\(domain)", "A")
            #expect(missing.status == "NXDOMAIN", "\(missing.status)")
            let nsec3 = missing.authority.filter { $0.type == "NSEC3" }
            #expect(!nsec3.isEmpty, "no NSEC3 in the authority section: \(missing.authority)")
            // (Base32hex hashes and the hex salt: compared without regard to case.)
            #expect(Set(nsec3.map { Self.squeezed($0.data).uppercased() })
                .isSubset(of: Set(expected.filter { $0.type == "NSEC3" }.map { Self.squeezed($0.data).uppercased() })))
            #expect(!Self.signatures(missing.authority, covering: "NSEC3").isEmpty)
        }
    }

    /// The RRSIGs among `records` that cover `type`, whitespace removed (dig and the zone file
    /// split base64 differently).
    static func signatures(_ records: [Dig.Record], covering type: String) -> Set<String> {
        Set(records.filter { $0.type == "RRSIG" && $0.data.hasPrefix(type + " ") }.map { squeezed($0.data) })
    }

    static func squeezed(_ text: String) -> String { text.filter { !$0.isWhitespace } }

    // MARK: TTLs

    /// Three A records with three TTLs on consecutive lines, and a TXT RRset whose second record
    /// comes in a later run of the owner's lines with another TTL.
    static let mixedTTLExtra = """
        mixed.ttl.example.\t600\tIN\tA\t192.0.2.1
        mixed.ttl.example.\t60\tIN\tA\t192.0.2.2
        mixed.ttl.example.\t3600\tIN\tA\t192.0.2.3
        split.ttl.example.\t100\tIN\tTXT\t"one"
        other.ttl.example.\t300\tIN\tA\t192.0.2.9
        split.ttl.example.\t900\tIN\tTXT\t"two"
        """

    @Test(arguments: ConformanceSubject.all)
    func anRRsetWithMixedTTLsIsServedAsBINDServesIt(_ subject: ConformanceSubject) async throws {
        let domain = "ttl.example"
        let raw = Self.zone(domain, serial: 1, address: "192.0.2.80", extra: Self.mixedTTLExtra)
        let queries = [("mixed.\(domain)", "A"), ("split.\(domain)", "TXT")]

        // What BIND itself serves from the zone as written (it warns "TTL set to prior TTL").
        let reference = try BindConformanceServer()
        defer { reference.stop() }
        #expect(await reference.backend.apply([BackendChange(domain: domain, zoneText: raw)]) == [.applied])
        #expect(try reference.serves(zone: domain, "mixed.\(domain)", "A", ["192.0.2.1", "192.0.2.2", "192.0.2.3"]))
        let bindServes = try queries.map { try Self.ttls(reference.response(zone: domain, $0.0, $0.1), $0.1) }
        // One TTL per RRset: the first of a run of lines, a later run's replacing it.
        #expect(bindServes == [[600, 600, 600], [900, 900]])

        let server = try subject.start()
        defer { server.stop() }
        do {
            let text = try Self.canonical(raw, origin: domain)
            #expect(await server.backend.apply([BackendChange(domain: domain, zoneText: text)]) == [.applied])
            #expect(try server.serves(zone: domain, "mixed.\(domain)", "A", ["192.0.2.1", "192.0.2.2", "192.0.2.3"]))
            let served = try queries.map { try Self.ttls(server.response(zone: domain, $0.0, $0.1), $0.1) }
            #expect(served == bindServes, "\(subject) serves TTLs \(served), BIND \(bindServes)")
        }
    }

    /// The TTLs of the answer's records of `type`, sorted.
    static func ttls(_ response: Dig.Response, _ type: String) -> [UInt32] {
        response.answer.filter { $0.type == type }.map(\.ttl).sorted()
    }

    // MARK: Hostile names

    static let hostileNames = [
        "../x", "a b.test", "x.test;", "x/y.test", String(repeating: "a.", count: 150) + "test",
        String(repeating: "l", count: 64) + ".test", "nul\u{0}.test", "*.test", "", "../../etc/passwd",
        "x.test\nzone \"evil.test\"", "UPPER.test", "trailing.test.", "-edge.test",
    ]

    @Test(arguments: ConformanceSubject.all)
    func hostileZoneNamesAreRefusedBeforeTheyReachTheServer(_ subject: ConformanceSubject) async throws {
        let server = try subject.start()
        defer { server.stop() }
        do {
            // A first zone, so the server's own state files (NSD's zone.list) and tables exist
            // before the snapshot.
            let first = "first.example"
            #expect(await server.backend.apply([BackendChange(domain: first, zoneText: Self.zone(first, serial: 1, address: "192.0.2.2"))]) == [.applied])
            let before = try server.holdings()
            let good = "good.example"
            var changes = Self.hostileNames.map {
                BackendChange(domain: $0, zoneText: Self.zone(good, serial: 1, address: "192.0.2.66"))
            }
            changes.insert(BackendChange(domain: good, zoneText: Self.zone(good, serial: 1, address: "192.0.2.1")), at: 3)
            let outcomes = await server.backend.apply(changes)
            #expect(outcomes.count == changes.count)
            for (change, outcome) in zip(changes, outcomes) {
                if change.domain == good {
                    #expect(outcome == .applied)
                } else if case .failed(let reason) = outcome {
                    #expect(reason.hasPrefix("refused zone name"), "\(String(reflecting: change.domain)): \(reason)")
                } else {
                    Issue.record("hostile name \(String(reflecting: change.domain)) was applied")
                }
            }
            #expect(try server.serves(zone: good, "www.\(good)", "A", ["192.0.2.1"]))
            #expect(try await server.backend.inventory() == [first, good])
            // Nothing but the good zone's file or rows appeared.
            let added = try server.holdings().subtracting(before)
            #expect(!added.isEmpty && added.allSatisfy { $0.contains(good) }, "\(added.sorted())")

            // Removing a hostile name is refused the same way, and touches nothing.
            let removals = await server.backend.apply(Self.hostileNames.map { BackendChange(domain: $0, zoneText: nil) })
            #expect(removals.allSatisfy(isFailure), "\(removals)")
            #expect(try await server.backend.inventory() == [first, good])
            #expect(try server.serves(zone: first, "www.\(first)", "A", ["192.0.2.2"]))
        }
    }
}

/// A zone signed on the fly with `dnssec-signzone` (bind9-utils): a KSK and a ZSK (ECDSA P-256),
/// NSEC3 with a salt.
enum SignedZone {
    static func make(_ domain: String, _ text: String) throws -> String {
        let scratch = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-sign-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let unsigned = scratch.appendingPathComponent("zone.db").path
        let signed = scratch.appendingPathComponent("zone.signed").path
        try text.write(toFile: unsigned, atomically: true, encoding: .utf8)
        for keyFlags in [["-f", "KSK"], []] {
            let status = try ProgramRun.status(
                ["/usr/bin/dnssec-keygen", "-q", "-K", scratch.path, "-a", "ECDSAP256SHA256"] + keyFlags + [domain])
            guard status == 0 else { throw NamedServer.Failure("dnssec-keygen failed (install bind9-utils)") }
        }
        let status = try ProgramRun.status([
            "/usr/bin/dnssec-signzone", "-q", "-K", scratch.path, "-d", scratch.path, "-S", "-3", "a1b2c3d4", "-N", "keep",
            "-o", domain, "-f", signed, unsigned,
        ])
        guard status == 0 else { throw NamedServer.Failure("dnssec-signzone failed (install bind9-utils)") }
        return try String(contentsOfFile: signed, encoding: .utf8)
    }

    /// The zone's records as dig would print them (owner, TTL, type, rdata), sorted.
    static func records(_ text: String, origin: String) throws -> [Dig.Record] {
        let zone = try ZoneParser.parse(text, origin: DNSName(origin + "."))
        return ZoneWriter.canonicalText(zone).split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", maxSplits: 4)
            guard fields.count == 5, let ttl = UInt32(fields[1]) else { return nil }
            return Dig.Record(name: String(fields[0]), ttl: ttl, type: String(fields[3]), data: String(fields[4]))
        }.sorted { $0.description < $1.description }
    }
}
