import DadnsTestKit
import Foundation
import Logging
import Synchronization
import Testing
@testable import Backends
@testable import Engine
@testable import ZoneStore

/// The hooks the daemon uses to trim malloc: after a healing pass (its pages of zone versions and
/// backend inventories are freed by then) and after a large dispatcher batch (its zone texts and
/// the files rendered from them); small batches, the usual single edit, skip it.
@Suite("Memory trim hooks: after a healing pass and a large batch")
struct MemoryTrimHookTests {
    /// A bind backend (no rndc) in a new scratch directory.
    static func bind(_ name: String) throws -> BindBackend {
        let directory = try Scratch.directory(name)
        return try BindBackend(
            name: "bind",
            settings: BindBackendSettings(
                zonesDirectory: directory.appendingPathComponent("zones").path, includeFile: directory.appendingPathComponent("include.conf").path))
    }

    @Test func theHookRunsOnceAfterEachPassOverEveryBackend() async throws {
        let store = try SQLiteZoneStore.inMemory()
        let lane = DispatcherLane(backend: try Self.bind("heal-hook"), store: store, clock: { 1000 }, logger: Logger(label: "test"))
        let passes = Atomic<Int>(0)
        let healer = Healer(
            lanes: [lane], context: EngineContext(store: store, clock: { 1000 }, logger: Logger(label: "test")), dryRun: false,
            afterPass: { passes.add(1, ordering: .relaxed) })
        let reports = await healer.heal()
        #expect(reports.map(\.backend) == ["bind"] && reports.allSatisfy { $0.error == nil }, "\(reports)")
        #expect(passes.load(ordering: .relaxed) == 1)
        _ = await healer.heal()
        #expect(passes.load(ordering: .relaxed) == 2)
    }

    @Test func theLaneHookRunsAfterABatchOfLargeBatchZonesOrMoreOnly() async throws {
        let store = try SQLiteZoneStore.inMemory()
        let calls = Atomic<Int>(0)
        let lane = DispatcherLane(
            backend: try Self.bind("lane-large-batch"), store: store, batchSize: DispatcherLane.largeBatch, clock: { 1000 },
            logger: Logger(label: "test"), afterLargeBatch: { calls.add(1, ordering: .relaxed) })
        for index in 0..<(DispatcherLane.largeBatch + 3) {
            let domain = "zone\(index).example"
            _ = try await store.push(ZonePush(
                domain: domain, canonicalText: "\(domain).\t300\tIN\tSOA\tns1.\(domain). h.\(domain). 1 1 2 3 4\n", recordCount: 1,
                contentHash: "h\(index)", serial: 1, hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin),
                at: Double(index))
        }

        let large = try await lane.runBatch()
        #expect(large?.size == DispatcherLane.largeBatch && large?.failed == 0)
        #expect(calls.load(ordering: .relaxed) == 1)
        let small = try await lane.runBatch()
        #expect(small?.size == 3 && small?.failed == 0)
        #expect(calls.load(ordering: .relaxed) == 1, "a batch of 3 zones does not trim")
        #expect(try await lane.runBatch() == nil)
        #expect(calls.load(ordering: .relaxed) == 1)
    }
}
