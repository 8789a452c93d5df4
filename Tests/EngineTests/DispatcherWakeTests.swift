import Foundation
import Logging
import ServiceLifecycle
import Testing
import DadnsTestKit
@testable import Engine
@testable import ZoneStore

/// The dispatcher wakes on the store's own announcements: nothing between the write and the
/// dispatcher has to remember to tell it.
@Suite("Dispatcher wakes on the store's announcements")
struct DispatcherWakeTests {
    @Test func aStoredZoneReachesTheBackendWithoutWaitingForThePoll() async throws {
        let store = try SQLiteZoneStore.inMemory()
        let backend = ScriptedBackend(name: "fake")
        let clock = ManualClock(1000)
        let lane = DispatcherLane(backend: backend, store: store, clock: { clock.now }, logger: Logger(label: "test"))
        // A poll far longer than the test: only an announcement can wake the lane in time.
        let dispatcher = Dispatcher(
            lanes: [lane], changes: store.desiredStateChanges(), pollInterval: .seconds(600), logger: Logger(label: "test"))
        let group = ServiceGroup(services: [dispatcher], logger: Logger(label: "test"))
        let running = Task { try await group.run() }
        // Let the lane run its first (empty) batch and go to sleep.
        try await Task.sleep(for: .milliseconds(200))

        _ = try await store.push(
            ZonePush(
                domain: "a.example", canonicalText: "a.example. 300 IN TXT \"x\"\n", recordCount: 1, contentHash: "h",
                serial: 1, hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin),
            at: 1)
        var applied: [String] = []
        for _ in 0..<100 where applied.isEmpty {
            try await Task.sleep(for: .milliseconds(50))
            applied = await backend.applied
        }
        #expect(applied == ["a.example"])

        await group.triggerGracefulShutdown()
        try await running.value
    }
}
