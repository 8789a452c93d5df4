import Engine
import Foundation
import Hummingbird
import HummingbirdTesting
import Operator
import Server
import Testing
import ZoneStore

/// `/health`, `/status` and the `/api/…` the CLI reads, answered by the store-backed
/// `OperatorAPI`.
@Suite("Routes: operator")
struct OperatorRouteTests {
    static func decode<Value: Decodable>(_ type: Value.Type, _ response: TestResponse) throws -> Value {
        try JSONDecoder().decode(type, from: Data(response.text.utf8))
    }

    @Test func healthIsOpenAndStatusIsTheDocument() async throws {
        try await ServerFixture().serve { client async throws in
            _ = try await client.rawsave("s.example")
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok && health.text.hasPrefix("ok"), "\(health.text)")
            let status = try await client.operatorRequest("/status")
            #expect(status.status == .ok && status.headers[.contentType] == "application/json")
            let document = try Self.decode(StatusDocument.self, status)
            #expect(document.zones == 1 && document.backends.map(\.name) == ["bind"] && document.backends.first?.pending == 1)
        }
    }

    @Test func healthIs503WhileDraining() async throws {
        let fixture = try ServerFixture()
        try await fixture.serve { client async throws in
            fixture.drain.drain()
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .serviceUnavailable, "\(health.text)")
        }
    }

    @Test func zonesListsZonesOrPairs() async throws {
        try await ServerFixture().serve { client async throws in
            _ = try await client.rawsave("z1.example")
            _ = try await client.rawsave("z2.example")
            let zones = try Self.decode(ZoneListing.self, try await client.operatorRequest("/api/zones"))
            #expect(zones.zones?.map(\.domain) == ["z1.example", "z2.example"] && zones.pairs == nil)
            let paged = try Self.decode(ZoneListing.self, try await client.operatorRequest("/api/zones?after=z1.example&limit=5"))
            #expect(paged.zones?.map(\.domain) == ["z2.example"])
            let pending = try Self.decode(ZoneListing.self, try await client.operatorRequest("/api/zones?state=pending"))
            #expect(pending.zones == nil && pending.pairs?.map(\.domain) == ["z1.example", "z2.example"])
            #expect(pending.pairs?.allSatisfy { $0.backend == "bind" && $0.state == .pending } == true)
            let ok = try Self.decode(ZoneListing.self, try await client.operatorRequest("/api/zones?backend=bind&state=ok"))
            #expect(ok.pairs?.isEmpty == true)

            let unknownBackend = try await client.operatorRequest("/api/zones?backend=nope")
            #expect(unknownBackend.status == .badRequest && unknownBackend.text == "unknown backend 'nope'\n")
            let unknownState = try await client.operatorRequest("/api/zones?state=lost")
            #expect(unknownState.status == .badRequest && unknownState.text == "unknown state 'lost' (ok, pending, retrying, failed)\n")
        }
    }

    @Test func aZoneShowsItsPairsAndHistory() async throws {
        try await ServerFixture().serve { client async throws in
            _ = try await client.rawsave("show.example")
            let detail = try Self.decode(ZoneDetail.self, try await client.operatorRequest("/api/zones/SHOW.example"))
            #expect(detail.zone.domain == "show.example" && detail.zone.canonicalText?.contains("www.show.example.") == true)
            #expect(detail.pairs.map(\.backend) == ["bind"] && detail.history.map(\.action) == ["save"], "\(detail.history)")
            let unknown = try await client.operatorRequest("/api/zones/nope.example")
            #expect(unknown.status == .notFound && unknown.text == "nope.example is not known\n")
        }
    }

    @Test func retryQueuesKnownZonesAndRefusesUnknownOnes() async throws {
        try await ServerFixture().serve { client async throws in
            _ = try await client.rawsave("r.example")
            let all = try await client.operatorRequest("/api/retry", method: .post)
            #expect(all.status == .ok, "\(all.text)")
            #expect(try Self.decode(RetryResult.self, all) == RetryResult(queued: 0))
            let one = try await client.operatorRequest("/api/retry?backend=bind&zone=r.example", method: .post)
            #expect(one.status == .ok, "\(one.text)")
            let unknownZone = try await client.operatorRequest("/api/retry?zone=nope.example", method: .post)
            #expect(unknownZone.status == .notFound && unknownZone.text == "nope.example is not known\n")
            let unknownBackend = try await client.operatorRequest("/api/retry?backend=nope", method: .post)
            #expect(unknownBackend.status == .badRequest && unknownBackend.text == "unknown backend 'nope' (enabled: bind)\n")
        }
    }

    @Test func healIs404WhenHealingIsOff() async throws {
        try await ServerFixture().serve { client async throws in
            let heal = try await client.operatorRequest("/api/heal", method: .post)
            #expect(heal.status == .notFound && heal.text == "healing is disabled\n")
        }
    }

    @Test func metricsCarryTheBacklogGauges() async throws {
        try await ServerFixture().serve { client async throws in
            _ = try await client.rawsave("m.example")
            let metrics = try await client.operatorRequest("/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("dadns_pending_zones{backend=\"bind\"} 1"), "\(metrics.text)")
            #expect(metrics.text.contains("dadns_zones 1"), "\(metrics.text)")
        }
    }
}
