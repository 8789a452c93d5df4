import Engine
import Foundation
import Hummingbird
import NIOCore
import HummingbirdTesting
import Server
import Testing
@testable import ZoneStore

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

    @Test func theFullListingIsWrittenPageByPageAsTheSameDocument() async throws {
        // Pages of 2: seven zones and a tombstone take four pages and an empty read.
        let fixture = try ServerFixture(listingPage: 2)
        try await fixture.serve { client async throws in
            for index in 1...7 { _ = try await client.rawsave("z\(index).example") }
            _ = try await client.directAdmin(
                "/CMD_API_DNS_ADMIN", body: ByteBuffer(string: "action=delete&hostname=da1.example&select0=z3.example"))
            let listing = try await client.execute(uri: "/internal/zones", method: .get, headers: ServerFixture.authorization(ServerFixture.peer))
            #expect(listing.status == .ok && listing.headers[.contentType] == "application/json")
            #expect(listing.headers[.contentLength] == nil, "streamed, so no length is known up front")
            let whole = try await fixture.store.peerStates()
            #expect(whole.count == 7)
            #expect(Array(listing.body.readableBytesView) == PeerListingJSON.encode(whole))
            let entries = try JSONDecoder().decode([PeerZoneListingEntry].self, from: Data(listing.text.utf8))
            #expect(entries.map(\.domain) == (1...7).map { "z\($0).example" })
            #expect(entries.filter { $0.deleted == true }.map(\.domain) == ["z3.example"])
        }
    }

    @Test func aPeerReadsTheChangesAfterItsCursorAndIsToldWhenTheJournalNoLongerHoldsThem() async throws {
        let fixture = try ServerFixture()
        try await fixture.serve { client async throws in
            let peer = ServerFixture.authorization(ServerFixture.peer)
            func changes(_ query: String) async throws -> PeerChangesDocument {
                let reply = try await client.execute(uri: "/internal/changes" + query, method: .get, headers: peer)
                #expect(reply.status == .ok && reply.headers[.contentType] == "application/json", "\(reply.text)")
                return try JSONDecoder().decode(PeerChangesDocument.self, from: Data(reply.text.utf8))
            }
            let start = try await changes("")
            #expect(start == PeerChangesDocument(cursor: 0))
            _ = try await client.rawsave("a.example")
            _ = try await client.rawsave("b.example")
            let first = try await changes("?since=0")
            #expect(first.changes.map(\.domain) == ["a.example", "b.example"] && first.cursor == 2 && !first.more && !first.fullListingNeeded)
            #expect(first.changes.allSatisfy { $0.deleted == false && $0.contentHash != nil && $0.hostname == "da1.example" })
            // Nothing changed: the same cursor and no zones.
            #expect(try await changes("?since=2") == PeerChangesDocument(cursor: 2))

            // Both change again, b first; then a is deleted: each zone once, in the order of its first change.
            _ = try await client.rawsave("b.example", serial: 2)
            _ = try await client.rawsave("a.example", serial: 2)
            _ = try await client.directAdmin(
                "/CMD_API_DNS_ADMIN", body: ByteBuffer(string: "action=delete&hostname=da1.example&select0=a.example"))
            let second = try await changes("?since=2")
            #expect(second.changes.map(\.domain) == ["b.example", "a.example"] && second.cursor == 5, "\(second)")
            #expect(second.changes.last?.deleted == true && second.changes.last?.contentHash == nil)

            // Pruning removes the first entries of a and b (each zone keeps its latest): a cursor
            // before them cannot be continued, one after them can.
            #expect(try await fixture.store.pruneJournal(olderThan: Date().timeIntervalSince1970 + 86400) == 3)
            #expect(try await changes("?since=1") == PeerChangesDocument(cursor: 5, fullListingNeeded: true))
            #expect(try await changes("?since=3").changes.map(\.domain) == ["a.example"])
            // A cursor this journal never handed out (another node's store, or one rebuilt).
            #expect(try await changes("?since=99") == PeerChangesDocument(cursor: 5, fullListingNeeded: true))
            for bad in ["-1", "x", "1.5"] {
                let reply = try await client.execute(uri: "/internal/changes?since=\(bad)", method: .get, headers: peer)
                #expect(reply.status == .badRequest && reply.text == "{\"error\": \"invalid since\"}\n")
            }
            // DirectAdmin's credentials are worth nothing here.
            let foreign = try await client.execute(
                uri: "/internal/changes", method: .get, headers: ServerFixture.authorization(ServerFixture.user))
            #expect(foreign.status == .unauthorized)
        }
    }

    /// The listing is written without `JSONEncoder` (memory at 100,000 zones): the same bytes
    /// for ordinary entries, and valid JSON whatever a name holds.
    @Test func theListingIsTheJSONEncoderDocumentOfItsEntries() throws {
        let ordinary = [
            PeerZoneState(
                domain: "a.example", present: true, version: ZoneVersion(changedAt: 1714564800.123456, contentHash: String(repeating: "ab", count: 32)),
                hostname: "da1.example", username: "bob"),
            PeerZoneState(domain: "b.example", present: false, version: ZoneVersion(changedAt: 1700000000, contentHash: nil), hostname: nil, username: nil),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = try encoder.encode(ordinary.map(PeerZoneListingEntry.init)) + Data("\n".utf8)
        #expect(String(decoding: PeerListingJSON.encode(ordinary), as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        #expect(PeerListingJSON.encode([]) == Array("[]\n".utf8))

        let odd = [PeerZoneState(
            domain: "c.example", present: true, version: ZoneVersion(changedAt: 1.5, contentHash: "cd"), hostname: "da/1.example",
            username: "we\"ird\\ \n\t\u{01} é")]
        let decoded = try JSONDecoder().decode([PeerZoneListingEntry].self, from: Data(PeerListingJSON.encode(odd)))
        #expect(decoded == odd.map(PeerZoneListingEntry.init))
    }
}
