import Foundation
import Testing
import DadnsTestKit
@testable import Backends

/// One suite every backend passes before it ships, each check run against each subject's real
/// server on loopback (see `ConformanceSubject`: for coredns_mysql "served" means the rows
/// coredns_mysql_extend reads from MariaDB, as there is no CoreDNS binary here).
@Suite("Backend conformance", .serialized)
struct BackendConformanceTests {
    static func zone(_ domain: String, serial: Int, address: String, extra: String = "") -> String {
        """
        \(domain).\t300\tIN\tSOA\tns1.\(domain). hostmaster.\(domain). \(serial) 3600 900 1209600 300
        \(domain).\t300\tIN\tNS\tns1.\(domain).
        ns1.\(domain).\t300\tIN\tA\t192.0.2.53
        www.\(domain).\t300\tIN\tA\t\(address)
        \(extra)
        """
    }

    @Test(arguments: ConformanceSubject.all)
    func addUpdateAndDeleteAreServed(_ subject: ConformanceSubject) async throws {
        let server = try subject.start()
        defer { server.stop() }
        do {
            let added = await server.backend.apply([
                BackendChange(domain: "one.example", zoneText: Self.zone("one.example", serial: 1, address: "192.0.2.1")),
                BackendChange(domain: "two.example", zoneText: Self.zone("two.example", serial: 1, address: "192.0.2.2")),
            ])
            #expect(added == [.applied, .applied])
            #expect(try server.serves(zone: "one.example", "www.one.example", "A", ["192.0.2.1"]))
            #expect(try server.serves(zone: "two.example", "www.two.example", "A", ["192.0.2.2"]))

            let updated = await server.backend.apply([
                BackendChange(domain: "one.example", zoneText: Self.zone("one.example", serial: 2, address: "192.0.2.9")),
            ])
            #expect(updated == [.applied])
            #expect(try server.serves(zone: "one.example", "www.one.example", "A", ["192.0.2.9"]))

            let deleted = await server.backend.apply([BackendChange(domain: "two.example", zoneText: nil)])
            #expect(deleted == [.applied])
            #expect(try server.serves(zone: "two.example", "www.two.example", "A", []))
            #expect(try server.serves(zone: "one.example", "www.one.example", "A", ["192.0.2.9"]))
            #expect(try await server.backend.inventory() == ["one.example"])
        }
    }

    @Test(arguments: ConformanceSubject.all)
    func aBatchOf500ZonesIsServedAfterOneApply(_ subject: ConformanceSubject) async throws {
        let server = try subject.start()
        defer { server.stop() }
        do {
            let domains = (0..<500).map { "batch\($0).example" }
            let outcomes = await server.backend.apply(domains.map {
                BackendChange(domain: $0, zoneText: Self.zone($0, serial: 1, address: "192.0.2.5"))
            })
            #expect(outcomes.count == 500 && outcomes.allSatisfy { $0 == .applied })
            #expect(try await server.backend.inventory() == Set(domains))
            for domain in stride(from: 0, to: 500, by: 50).map({ domains[$0] }) + [domains[499]] {
                #expect(try server.serves(zone: domain, "www.\(domain)", "A", ["192.0.2.5"]), "\(domain)")
            }
        }
    }

    @Test(arguments: ConformanceSubject.all)
    func aZoneOf50000RecordsIsServed(_ subject: ConformanceSubject) async throws {
        let server = try subject.start()
        defer { server.stop() }
        do {
            let extra = (0..<50_000).map { "h\($0).big.example.\t300\tIN\tA\t10.\($0 / 65536).\($0 / 256 % 256).\($0 % 256)" }
                .joined(separator: "\n")
            let outcome = await server.backend.apply([
                BackendChange(domain: "big.example", zoneText: Self.zone("big.example", serial: 7, address: "192.0.2.7", extra: extra)),
            ])
            #expect(outcome == [.applied])
            #expect(try server.serves(zone: "big.example", "www.big.example", "A", ["192.0.2.7"], seconds: 60))
            for index in [0, 1, 12_345, 33_333, 49_999] {
                let expected = "10.\(index / 65536).\(index / 256 % 256).\(index % 256)"
                #expect(try server.serves(zone: "big.example", "h\(index).big.example", "A", [expected]), "h\(index)")
            }
        }
    }

    @Test(arguments: ConformanceSubject.all)
    func idnUnderscoreAndWildcardNamesAreServed(_ subject: ConformanceSubject) async throws {
        let server = try subject.start()
        defer { server.stop() }
        do {
            let domain = "xn--bcher-kva.example"
            let extra = """
                _dmarc.\(domain).\t300\tIN\tTXT\t"v=DMARC1; p=none"
                _sip._tcp.\(domain).\t300\tIN\tSRV\t10 5 5060 sip.\(domain).
                *.x.\(domain).\t300\tIN\tA\t192.0.2.42
                xn--caf-dma.\(domain).\t300\tIN\tA\t192.0.2.43
                """
            let outcome = await server.backend.apply([
                BackendChange(domain: domain, zoneText: Self.zone(domain, serial: 1, address: "192.0.2.1", extra: extra)),
            ])
            #expect(outcome == [.applied])
            #expect(try server.serves(zone: domain, "_dmarc.\(domain)", "TXT", ["\"v=DMARC1; p=none\""]))
            #expect(try server.serves(zone: domain, "_sip._tcp.\(domain)", "SRV", ["10 5 5060 sip.\(domain)."]))
            #expect(try server.serves(zone: domain, "xn--caf-dma.\(domain)", "A", ["192.0.2.43"]))
            if subject.description == "coredns_mysql" {
                // The table holds the wildcard owner; coredns_mysql_extend expands it at query time.
                #expect(try server.serves(zone: domain, "*.x.\(domain)", "A", ["192.0.2.42"]))
            } else {
                #expect(try server.serves(zone: domain, "anything.x.\(domain)", "A", ["192.0.2.42"]))
            }
        }
    }

    @Test(arguments: ConformanceSubject.all)
    func driftBehindOurBackIsFoundAndHealed(_ subject: ConformanceSubject) async throws {
        let server = try subject.start()
        defer { server.stop() }
        do {
            let desired = [
                BackendChange(domain: "drift.example", zoneText: Self.zone("drift.example", serial: 1, address: "192.0.2.1")),
                BackendChange(domain: "steady.example", zoneText: Self.zone("steady.example", serial: 1, address: "192.0.2.2")),
            ]
            #expect(await server.backend.apply(desired) == [.applied, .applied])
            #expect(try server.serves(zone: "drift.example", "www.drift.example", "A", ["192.0.2.1"]))
            #expect(try await server.backend.drifted(desired) == [])

            try server.tamper(zone: "drift.example")
            #expect(try await server.backend.drifted(desired) == ["drift.example"])

            // The heal: re-apply what drifted.
            #expect(await server.backend.apply([desired[0]]) == [.applied])
            #expect(try await server.backend.drifted(desired) == [])
            #expect(try server.serves(zone: "drift.example", "www.drift.example", "A", ["192.0.2.1"]))
        }
    }

    @Test(arguments: ConformanceSubject.all)
    func aBatchWhileTheServerIsDownFailsThenARetryApplies(_ subject: ConformanceSubject) async throws {
        let server = try subject.start()
        defer { server.stop() }
        do {
            let first = [BackendChange(domain: "up.example", zoneText: Self.zone("up.example", serial: 1, address: "192.0.2.1"))]
            #expect(await server.backend.apply(first) == [.applied])

            try server.takeDown()
            let change = BackendChange(domain: "later.example", zoneText: Self.zone("later.example", serial: 1, address: "192.0.2.3"))
            let down = await server.backend.apply([change])
            #expect(down.count == 1 && down.allSatisfy(isFailure), "\(down)")

            try server.bringUp()
            let retried = await server.backend.apply([change])
            #expect(retried == [.applied])
            #expect(try server.serves(zone: "later.example", "www.later.example", "A", ["192.0.2.3"]))
            #expect(try server.serves(zone: "up.example", "www.up.example", "A", ["192.0.2.1"]))
        }
    }
}
