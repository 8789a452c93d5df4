import DadnsTestKit
import Foundation
import Logging
import Synchronization
import Testing
@testable import Backends
@testable import Engine
@testable import ZoneStore

/// The hook the daemon uses to trim malloc after a healing pass (its pages of zone versions and
/// backend inventories are freed by then).
@Suite("Healer: after each pass")
struct HealerAfterPassTests {
    @Test func theHookRunsOnceAfterEachPassOverEveryBackend() async throws {
        let directory = try Scratch.directory("heal-hook")
        let backend = try BindBackend(
            name: "bind",
            settings: BindBackendSettings(
                zonesDirectory: directory.appendingPathComponent("zones").path, includeFile: directory.appendingPathComponent("include.conf").path))
        let store = try SQLiteZoneStore.inMemory()
        let lane = DispatcherLane(backend: backend, store: store, clock: { 1000 }, logger: Logger(label: "test"))
        let passes = Atomic<Int>(0)
        let healer = Healer(
            lanes: [lane], store: store, dryRun: false, clock: { 1000 }, logger: Logger(label: "test"),
            afterPass: { passes.add(1, ordering: .relaxed) })
        let reports = await healer.heal()
        #expect(reports.map(\.backend) == ["bind"] && reports.allSatisfy { $0.error == nil }, "\(reports)")
        #expect(passes.load(ordering: .relaxed) == 1)
        _ = await healer.heal()
        #expect(passes.load(ordering: .relaxed) == 2)
    }
}
