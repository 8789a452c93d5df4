import Foundation
import Logging
import Testing
@testable import Backends
import DadnsTestKit

/// A pre-signed zone (dnssec-signzone -3) pushed to a real pdns_server (gsqlite3 with
/// `gsqlite3-dnssec=yes`): PowerDNS must serve its RRSIGs, DNSKEYs and NSEC3 records as they are,
/// which it does only with the zone's PRESIGNED metadata and its NSEC3 parameters set.
@Suite("PowerDNS serves a pre-signed zone as it is", .serialized)
struct PowerDNSPresignedTests {
    static let domain = "signed.example"

    static func unsigned(serial: Int, address: String) -> String {
        """
        \(domain).\t300\tIN\tSOA\tns1.\(domain). hostmaster.\(domain). \(serial) 3600 900 1209600 300
        \(domain).\t300\tIN\tNS\tns1.\(domain).
        ns1.\(domain).\t300\tIN\tA\t192.0.2.53
        www.\(domain).\t300\tIN\tA\t\(address)
        """
    }

    /// Applies `text`; where PowerDNS refuses PRESIGNED over its API (4.7 does), the failure
    /// names the pdnsutil command, which is run as the operator would before the lane's retry.
    static func applyAsOperatorWould(_ backend: PowerDNSBackend, _ pdns: PowerDNSServer, _ text: String, signed: Bool) async throws {
        let change = BackendChange(domain: domain, zoneText: text)
        let first = await backend.apply([change])
        if case .failed(let reason) = first.first {
            let command = signed ? "set-presigned" : "unset-presigned"
            #expect(reason.contains("pdnsutil \(command) \(domain).") && reason.contains("PRESIGNED"), "\(reason)")
            #expect(!reason.contains(pdns.apiKey))
            _ = try pdns.pdnsutil([command, domain])
            #expect(await backend.apply([change]) == [.applied])
        } else {
            #expect(first == [.applied])
        }
    }

    @Test func aSignedZoneIsServedWithItsSignaturesAndUnsignedAgainWhenItIsNot() async throws {
        // No metadata cache: the backend reads PRESIGNED right after pdnsutil set it (an operator's
        // server catches up within domain-metadata-cache-ttl, 60 s, and the lane retries meanwhile).
        let pdns = try PowerDNSServer(dnssec: true, extraArguments: ["--domain-metadata-cache-ttl=0"])
        defer { pdns.stop() }
        let backend = PowerDNSBackendTests.backend(pdns)
        let signed = try SignedZoneFixture.sign(Self.domain, Self.unsigned(serial: 1, address: "192.0.2.80"))
        #expect(signed.contains("\tRRSIG\t") || signed.contains(" RRSIG "))

        try await Self.applyAsOperatorWould(backend, pdns, signed, signed: true)
        #expect(try pdns.request("GET", "/api/v1/servers/localhost/zones/\(Self.domain)./metadata/PRESIGNED").body.contains("\"1\""))
        #expect(try pdns.zoneJSON(Self.domain)?["nsec3param"] as? String == "1 0 0 -")

        let www = try SignedZoneFixture.digDNSSEC(port: pdns.port, "www.\(Self.domain)", "A")
        #expect(www.status == "NOERROR" && www.types.sorted() == ["A", "RRSIG"], "\(www)")
        let keys = try SignedZoneFixture.digDNSSEC(port: pdns.port, Self.domain, "DNSKEY")
        #expect(keys.types.filter { $0 == "DNSKEY" }.count == 2 && keys.types.contains("RRSIG"), "\(keys)")
        // Denial is not served: PowerDNS finds a pre-signed zone's NSEC3 records through each name's
        // `ordername` (its NSEC3 hash), which only its own AXFR-in sets; the API leaves it empty and
        // PowerDNS refuses to rectify a pre-signed zone ("not allowed/necessary"), so 4.7 answers
        // SERVFAIL ("Attempt to print an unset dnsname"). Known: fails here the day that changes.
        let missing = try SignedZoneFixture.digDNSSEC(port: pdns.port, "nothing-here.\(Self.domain)", "A")
        withKnownIssue("PowerDNS 4.7 cannot deny names of a pre-signed NSEC3 zone written through its API (no ordername)") {
            #expect(missing.status == "NXDOMAIN" && missing.authority.contains("NSEC3") && !missing.authority.contains("NSEC"), "\(missing)")
        }
        #expect(missing.status == "SERVFAIL", "\(missing)")
        #expect(try await backend.drifted([BackendChange(domain: Self.domain, zoneText: signed)]) == [])

        // The zone comes unsigned: PRESIGNED and the NSEC3 parameters are cleared, nothing signed is served.
        try await Self.applyAsOperatorWould(backend, pdns, Self.unsigned(serial: 2, address: "192.0.2.81"), signed: false)
        #expect(try !pdns.request("GET", "/api/v1/servers/localhost/zones/\(Self.domain)./metadata/PRESIGNED").body.contains("\"1\""))
        #expect(try pdns.zoneJSON(Self.domain)?["nsec3param"] as? String == "")
        let plain = try SignedZoneFixture.digDNSSEC(port: pdns.port, "www.\(Self.domain)", "A")
        #expect(plain.types == ["A"], "\(plain)")
    }

    @Test func anUnsignedZoneAsksNothingAboutPRESIGNED() async throws {
        let pdns = try PowerDNSServer(dnssec: true)
        defer { pdns.stop() }
        let backend = PowerDNSBackendTests.backend(pdns)
        let change = BackendChange(domain: Self.domain, zoneText: Self.unsigned(serial: 1, address: "192.0.2.80"))
        #expect(await backend.apply([change]) == [.applied])
        #expect(await backend.apply([BackendChange(domain: Self.domain, zoneText: Self.unsigned(serial: 2, address: "192.0.2.82"))]) == [.applied])
        #expect(!pdns.requests().contains { $0.contains("/metadata/") }, "\(pdns.requests())")
    }
}
