import Foundation
import Testing
import DadnsTestKit
@testable import ZoneStore

/// The zone history and rollback, on every implementation (`StoreKind`).
@Suite("Zone history")
struct ZoneHistoryStoreTests {
    func push(_ domain: String, _ text: String, serial: UInt32, host: String? = "da1.example", source: ChangeSource = .directAdmin) -> ZonePush {
        ZonePush(
            domain: domain, canonicalText: "\(domain). 300 IN TXT \"\(text)\"\n", recordCount: 1, contentHash: "h-\(text)",
            serial: serial, hostname: host, username: "user", clientAddress: "192.0.2.9", source: source)
    }

    @Test(arguments: StoreKind.allCases) func everyNewGenerationKeepsAVersionNewestFirst(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        _ = try await store.push(push("example.com", "a", serial: 1), at: 10)
        _ = try await store.push(push("example.com", "a", serial: 1), at: 11)  // unchanged: no version
        _ = try await store.push(push("example.com", "b", serial: 2, source: .reconciler), at: 12)
        _ = try await store.push(push("other.example", "x", serial: 5), at: 13)
        let versions = try await store.historyVersions(of: "example.com")
        #expect(versions.map(\.generation) == [2, 1])
        #expect(versions.map(\.source) == ["reconciler", "directadmin"])
        #expect(versions.map(\.serial) == [2, 1])
        #expect(versions.map(\.contentHash) == ["h-b", "h-a"])
        #expect(versions[1].hostname == "da1.example" && versions[1].username == "user" && versions[1].acceptedAt == 10)
        let first = try #require(try await store.historyVersion(of: "example.com", generation: 1))
        #expect(first.text == "example.com. 300 IN TXT \"a\"\n")
        #expect(try await store.historyVersion(of: "example.com", generation: 3) == nil)
    }

    @Test(arguments: StoreKind.allCases) func pruningKeepsTheNewestVersionsOfEachZone(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        for n in 1...5 { _ = try await store.push(push("example.com", "v\(n)", serial: UInt32(n)), at: Double(n)) }
        for n in 1...2 { _ = try await store.push(push("small.example", "v\(n)", serial: UInt32(n)), at: Double(n)) }
        #expect(try await store.pruneZoneHistory(keeping: 3) == 2)
        #expect(try await store.historyVersions(of: "example.com").map(\.generation) == [5, 4, 3])
        #expect(try await store.historyVersions(of: "small.example").map(\.generation) == [2, 1])
        #expect(try await store.pruneZoneHistory(keeping: 3) == 0)
    }

    @Test(arguments: StoreKind.allCases) func aPrunedTombstoneTakesItsHistoryAlong(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        _ = try await store.push(push("gone.example", "a", serial: 1), at: 1)
        _ = try await store.push(push("gone.example", "b", serial: 2), at: 2)
        _ = try await store.delete(
            domain: "gone.example", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin, at: 3)
        #expect(try await store.historyVersions(of: "gone.example").count == 2)
        #expect(try await store.pruneTombstones(olderThan: 100) == 1)
        // The zone comes back at generation 1: the old incarnation's versions do not mix in.
        _ = try await store.push(push("gone.example", "new", serial: 9), at: 200)
        #expect(try await store.historyVersions(of: "gone.example").map(\.contentHash) == ["h-new"])
        _ = try await store.delete(
            domain: "gone.example", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin, at: 201)
        #expect(try await store.pruneTombstones(olderThan: 300) == 1)
        #expect(try await store.pruneZoneHistory(keeping: 20) == 1)
        #expect(try await store.historyVersions(of: "gone.example").isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func rollbackStoresAnOldVersionAsANewGeneration(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        _ = try await store.push(push("example.com", "a", serial: 1), at: 1)
        _ = try await store.push(push("example.com", "b", serial: 2), at: 2)
        _ = try await store.push(push("example.com", "c", serial: 3), at: 3)
        let changes = store.desiredStateChanges()
        var announcements = changes.makeAsyncIterator()

        #expect(try await store.rollback(domain: "example.com", to: 1, at: 4) == .rolledBack(generation: 4))
        #expect(await announcements.next() != nil)
        let zone = try #require(try await store.zone("example.com"))
        #expect(zone.generation == 4 && zone.contentHash == "h-a" && zone.serial == 1)
        #expect(zone.canonicalText == "example.com. 300 IN TXT \"a\"\n")
        #expect(zone.hostname == "da1.example")  // the owner stays
        let versions = try await store.historyVersions(of: "example.com")
        #expect(versions.map(\.generation) == [4, 3, 2, 1])
        #expect(versions.map(\.source) == ["cli", "directadmin", "directadmin", "directadmin"])
        let entry = try #require(try await store.history(of: "example.com").last)
        #expect(entry.action == "save" && entry.generation == 4 && entry.source == "cli")
        #expect(entry.detail == "rollback to generation 1")

        #expect(try await store.rollback(domain: "example.com", to: 1, at: 5) == .unchanged(generation: 4))
        #expect(try await store.zone("example.com")?.generation == 4)
    }

    @Test(arguments: StoreKind.allCases) func rollbackRefusesUnknownVersionsAndDeletedZones(_ kind: StoreKind) async throws {
        let store = try await kind.open().store
        _ = try await store.push(push("example.com", "a", serial: 1), at: 1)
        #expect(try await store.rollback(domain: "example.com", to: 7, at: 2) == .unknownVersion)
        #expect(try await store.rollback(domain: "unknown.example", to: 1, at: 2) == .unknownVersion)
        _ = try await store.push(push("example.com", "b", serial: 2), at: 3)
        _ = try await store.delete(
            domain: "example.com", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin, at: 4)
        #expect(try await store.rollback(domain: "example.com", to: 1, at: 5) == .notPresent)
        let zone = try #require(try await store.zone("example.com"))
        #expect(!zone.present && zone.generation == 3)
        #expect(try await store.history(of: "example.com").map(\.action) == ["save", "save", "delete"])
    }
}
