import Engine
import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing

/// `/internal/…`, which peers pull from with their own credentials.
@Suite("Routes: internal (peers)")
struct InternalRouteTests {
    @Test func aPeerListsZonesAndFetchesOne() async throws {
        try await ServerFixture().serve { client async throws in
            _ = try await client.rawsave("p.example")
            let peer = ServerFixture.authorization(ServerFixture.peer)
            let listing = try await client.execute(uri: "/internal/zones", method: .get, headers: peer)
            #expect(listing.status == .ok && listing.headers[.contentType] == "application/json")
            let entries = try JSONDecoder().decode([PeerZoneListingEntry].self, from: Data(listing.text.utf8))
            #expect(entries.map(\.domain) == ["p.example"] && entries.first?.deleted == false && entries.first?.hostname == "da1.example")

            let document = try await client.execute(uri: "/internal/zones?domain=p.example", method: .get, headers: peer)
            let zone = try JSONDecoder().decode(PeerZoneDocument.self, from: Data(document.text.utf8))
            #expect(zone.domain == "p.example" && zone.zoneData?.contains("www.p.example.") == true)

            let missing = try await client.execute(uri: "/internal/zones?domain=q.example", method: .get, headers: peer)
            #expect(missing.status == .notFound && missing.text == "{\"error\": \"not found\"}\n")
            let invalid = try await client.execute(uri: "/internal/zones?domain=..", method: .get, headers: peer)
            #expect(invalid.status == .badRequest && invalid.text == "{\"error\": \"invalid domain\"}\n")
        }
    }
}
