import Foundation
import Testing
@testable import Backends
import DadnsTestKit

/// A pre-signed zone (dnssec-signzone -3) pushed to a real knotd whose template has no
/// `dnssec-signing`: Knot serves its RRSIGs, DNSKEYs and NSEC3 records from the file as they are.
@Suite("Knot serves a pre-signed zone as it is", .serialized)
struct KnotPresignedTests {
    @Test func aSignedZoneIsServedWithItsSignatures() async throws {
        let knot = try KnotServer()
        defer { knot.stop() }
        let backend = try KnotBackend(name: "knot", settings: KnotBackendTests.settings(for: knot))
        let domain = PowerDNSPresignedTests.domain
        let signed = try SignedZoneFixture.sign(domain, PowerDNSPresignedTests.unsigned(serial: 1, address: "192.0.2.80"))
        let change = BackendChange(domain: domain, zoneText: signed)
        #expect(await backend.apply([change]) == [.applied])
        #expect(!(try knot.control(["conf-read", "template[default].dnssec-signing"])).contains("on"))

        let www = try SignedZoneFixture.digDNSSEC(port: knot.port, "www.\(domain)", "A")
        #expect(www.status == "NOERROR" && www.types.sorted() == ["A", "RRSIG"], "\(www)")
        let keys = try SignedZoneFixture.digDNSSEC(port: knot.port, domain, "DNSKEY")
        #expect(keys.types.filter { $0 == "DNSKEY" }.count == 2 && keys.types.contains("RRSIG"), "\(keys)")
        let missing = try SignedZoneFixture.digDNSSEC(port: knot.port, "nothing-here.\(domain)", "A")
        #expect(missing.status == "NXDOMAIN" && missing.authority.contains("NSEC3") && !missing.authority.contains("NSEC"), "\(missing)")
        #expect(try await backend.drifted([change]) == [])
    }
}
