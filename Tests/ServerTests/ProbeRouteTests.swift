import Hummingbird
import HummingbirdTesting
import Testing

/// `POST /api/probe` on a daemon none of whose backends names a `dns_address` (the probe against
/// real servers is in EngineTests and DadnsTests).
@Suite("Routes: probe")
struct ProbeRouteTests {
    @Test func withoutADNSAddressTheProbeIsRefusedSayingWhatToSet() async throws {
        try await ServerFixture().serve { client async throws in
            _ = try await client.rawsave("p.example")
            let refused = try await client.operatorRequest("/api/probe", method: .post)
            #expect(refused.status == .conflict, "\(refused.text)")
            #expect(refused.text.contains("no enabled backend names a dns_address"), "\(refused.text)")
            #expect(try await client.operatorRequest("/api/probe?backend=nope", method: .post).status == .badRequest)
            #expect(try await client.operatorRequest("/api/probe", method: .get).status != .ok, "a probe is a POST")
            let anonymous = try await client.execute(uri: "/api/probe", method: .post)
            #expect(anonymous.status == .unauthorized, "behind the operator realm")
            let status = try await client.operatorRequest("/status")
            #expect(!status.text.contains("\"probe\""), "no probe section without a probe: \(status.text)")
        }
    }
}
