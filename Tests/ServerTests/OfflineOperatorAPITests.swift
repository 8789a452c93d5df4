import Engine
import Operator
import Testing
import ZoneStore

/// The store-backed operator API as the CLI uses it when the daemon is stopped or `--offline`.
@Suite("Operator API over the store")
struct OfflineOperatorAPITests {
    static func api(_ store: any ZoneStore, view: StoreOperatorAPI.View) -> StoreOperatorAPI {
        let reporter = StatusReporter(
            backends: [.init(name: "bind", type: "bind", lane: nil)], store: store, healer: nil, healingIntervalMinutes: nil,
            version: "test", startedAt: 0, clock: { 10 }, isDraining: { false })
        return StoreOperatorAPI(reporter: reporter, view: view)
    }

    @Test func theOfflineStatusSaysWhoseViewItIs() async throws {
        let store = try SQLiteZoneStore.inMemory()
        let live = try await Self.api(store, view: .live).status()
        #expect(live.status == .ok && live.reasons.isEmpty)
        let stopped = try await Self.api(store, view: .offline(storePath: "/data/zones.db", runningDaemon: nil)).status()
        #expect(stopped.status == .error && stopped.reasons.first == "the daemon is not running (read from /data/zones.db)")
        let beside = try await Self.api(store, view: .offline(storePath: "/data/zones.db", runningDaemon: "the daemon is running (pid 7)"))
            .status()
        #expect(beside.status == .ok)
        #expect(
            beside.reasons.first
                == "the daemon is running (pid 7); this is the store's view without live state (read from /data/zones.db): run `dadns status` without --offline")
    }

    @Test func unknownNamesAreErrorsInTheOperatorsTerms() async throws {
        let api = Self.api(try SQLiteZoneStore.inMemory(), view: .live)
        await #expect(throws: OperatorQueryError.unknownZone("nope.example")) { try await api.retry(backend: nil, zone: "Nope.example") }
        await #expect(throws: OperatorQueryError.unknownBackend("nsd", enabled: ["bind"])) { try await api.zones(ZoneQuery(backend: "nsd")) }
        await #expect(throws: OperatorQueryError.healingDisabled) { try await api.heal() }
        #expect(try await api.zone("nope.example") == nil)
    }
}
