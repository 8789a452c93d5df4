import Engine
@testable import Operator
import Testing
import ZoneStore

/// The zone history's queries of the store-backed operator API: defaults, refusals, rollback.
@Suite("Operator API: zone history")
struct ZoneHistoryAPITests {
    static func push(_ store: any ZoneStore, _ address: String, serial: UInt32, at time: Double) async throws {
        let text = """
            example.com.\t300\tIN\tSOA\tns1.example.com. hostmaster.example.com. \(serial) 3600 600 86400 300
            example.com.\t300\tIN\tNS\tns1.example.net.
            www.example.com.\t300\tIN\tA\t\(address)

            """
        _ = try await store.push(
            ZonePush(
                domain: "example.com", canonicalText: text, recordCount: 3, contentHash: "h-\(address)-\(serial)", serial: serial,
                hostname: "da1.example", username: "bob", clientAddress: nil, source: .directAdmin),
            at: time)
    }

    @Test func theDiffDefaultsToThePreviousAndTheCurrentVersion() async throws {
        let store = try SQLiteZoneStore.inMemory()
        let api = OfflineOperatorAPITests.api(store, view: .live)
        try await Self.push(store, "192.0.2.1", serial: 1, at: 1)
        await #expect(throws: ZoneHistoryError.nothingToCompare("example.com")) { try await api.zoneDiff("example.com", from: nil, to: nil) }
        try await Self.push(store, "192.0.2.2", serial: 2, at: 2)
        try await Self.push(store, "192.0.2.3", serial: 3, at: 3)

        let latest = try await api.zoneDiff("Example.com", from: nil, to: nil)
        #expect(latest.from == 2 && latest.to == 3)
        #expect(latest.diff.contains("-www.example.com.\t300\tIN\tA\t192.0.2.2\n+www.example.com.\t300\tIN\tA\t192.0.2.3\n"), "\(latest.diff)")
        let fromFirst = try await api.zoneDiff("example.com", from: 1, to: nil)
        #expect(fromFirst.from == 1 && fromFirst.to == 3 && fromFirst.diff.contains("-www.example.com.\t300\tIN\tA\t192.0.2.1"))
        let backwards = try await api.zoneDiff("example.com", from: 3, to: 1)
        #expect(backwards.diff.contains("+www.example.com.\t300\tIN\tA\t192.0.2.1"))
        #expect(try await api.zoneDiff("example.com", from: 2, to: 2).diff.isEmpty)
        await #expect(throws: ZoneHistoryError.unknownVersion("example.com", generation: 9)) {
            try await api.zoneDiff("example.com", from: 9, to: nil)
        }
        await #expect(throws: OperatorQueryError.unknownZone("nope.example")) { try await api.zoneDiff("nope.example", from: nil, to: nil) }
        await #expect(throws: OperatorQueryError.unknownZone("nope.example")) { try await api.zoneHistory("nope.example") }
    }

    @Test func aRollbackIsANewGenerationAndADeletedZoneIsNotRestored() async throws {
        let store = try SQLiteZoneStore.inMemory()
        let api = OfflineOperatorAPITests.api(store, view: .live)
        try await Self.push(store, "192.0.2.1", serial: 1, at: 1)
        try await Self.push(store, "192.0.2.2", serial: 2, at: 2)

        let rolled = try await api.rollback("example.com", to: 1)
        #expect(rolled.generation == 3 && rolled.changed && rolled.rolledBackTo == 1)
        #expect(rolled.serialWarning?.hasPrefix("the restored serial 1 is not above the zone's previous serial 2") == true)
        #expect(try await api.rollback("example.com", to: 1) == RollbackResult(domain: "example.com", rolledBackTo: 1, generation: 3, changed: false))
        let listing = try await api.zoneHistory("example.com")
        #expect(listing.generation == 3 && listing.present && listing.versions.map(\.source) == ["cli", "directadmin", "directadmin"])
        // The pairs of the rolled-back zone are due again, as after a push.
        #expect(try await store.pending(backend: "bind", now: 100, limit: 10).map(\.generation) == [3])
        await #expect(throws: ZoneHistoryError.unknownVersion("example.com", generation: 7)) { try await api.rollback("example.com", to: 7) }

        _ = try await store.delete(
            domain: "example.com", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin, at: 5)
        await #expect(throws: ZoneHistoryError.zoneDeleted("example.com")) { try await api.rollback("example.com", to: 2) }
        // A deleted zone's versions still diff (newest kept against the one before it).
        #expect(try await api.zoneDiff("example.com", from: nil, to: nil).to == 3)
    }

    @Test func aSerialThatDoesNotAdvanceIsWarnedAbout() {
        #expect(StoreOperatorAPI.serialWarning(restored: 5, before: 4) == nil)
        #expect(StoreOperatorAPI.serialWarning(restored: 1, before: 4_294_967_295) == nil)  // wrapped forward
        #expect(StoreOperatorAPI.serialWarning(restored: 4, before: 4) != nil)
        #expect(StoreOperatorAPI.serialWarning(restored: 3, before: 4) != nil)
        #expect(StoreOperatorAPI.serialWarning(restored: nil, before: 4) == nil)
    }
}
