import DadnsTestKit
import Foundation
import Logging
import Testing
@testable import Engine
@testable import ZoneStore

/// The per-minute ring behind `/api/activity` and the console's charts.
@Suite("Activity history")
struct ActivityHistoryTests {
    /// 10 s into minute 1,000,000 (seconds since 1970).
    static let start = 60_000_010.0

    @Test func countsGoToTheMinuteTheyHappenInAndTheDocumentEndsAtTheCurrentMinute() async throws {
        let clock = ManualClock(Self.start)
        let activity = ActivityHistory(backends: ["bind"])
        await activity.recordPush(at: clock.now)
        clock.advance(49)  // 59 s into the minute: still the same one
        await activity.recordPush(at: clock.now)
        clock.advance(1)  // the next minute
        await activity.recordPush(at: clock.now)
        await activity.recordApplies(backend: "bind", applied: 3, failed: 1, latencies: [1, 2, 3], at: clock.now)

        let document = await activity.document(now: clock.now)
        #expect(document.minutes == 1440 && document.stepSeconds == 60)
        #expect(document.start == 60_000_060 - 1439 * 60, "the first minute starts 1439 minutes before the current one")
        #expect(Array(document.pushes.suffix(2)) == [2, 1])
        #expect(document.pushes.reduce(0, +) == 3)
        #expect(document.backends.map(\.name) == ["bind"])
        #expect(document.backends[0].applied.last == 3 && document.backends[0].failed.last == 1)
        #expect(document.backends[0].applied.reduce(0, +) == 3)
        #expect(document.latency.count.last == 3 && document.latency.max.last == 3)
        #expect(document.latency.p50.dropLast().allSatisfy { $0 == nil }, "minutes without applies have no latency")

        // A minute later the counts move one place to the left; the new minute is empty.
        clock.advance(60)
        let later = await activity.document(now: clock.now)
        #expect(Array(later.pushes.suffix(3)) == [2, 1, 0])
        #expect(later.start == document.start + 60)
    }

    @Test func aBucketOlderThanADayIsForgottenAndStartsAfreshWhenItsSlotComesRound() async throws {
        let clock = ManualClock(Self.start)
        let activity = ActivityHistory(backends: ["bind"])
        for _ in 1...5 { await activity.recordPush(at: clock.now) }
        await activity.recordApplies(backend: "bind", applied: 7, failed: 0, latencies: [0.2], at: clock.now)
        clock.advance(1439 * 60)  // the last minute in which the first one is still shown
        #expect(await activity.document(now: clock.now).pushes.first == 5)
        clock.advance(60)  // a day later: the same slot of the ring, a new minute
        var document = await activity.document(now: clock.now)
        #expect(document.pushes.reduce(0, +) == 0 && document.backends[0].applied.reduce(0, +) == 0)
        #expect(document.latency.max.allSatisfy { $0 == nil })

        await activity.recordPush(at: clock.now)
        document = await activity.document(now: clock.now)
        #expect(document.pushes.last == 1 && document.pushes.reduce(0, +) == 1, "the day-old counts were not added to the new minute")
        #expect(document.backends[0].applied.last == 0 && document.latency.count.last == 0)

        // A late report for the minute the slot held before is dropped, not counted in the new one.
        await activity.recordPush(at: Self.start)
        #expect(await activity.document(now: clock.now).pushes.reduce(0, +) == 1)
    }

    @Test func latencyIsSummarisedPerMinuteAsMedian95thPercentileAndMax() async throws {
        var histogram = LatencyHistogram()
        #expect(histogram.quantile(0.5) == nil && histogram.max == nil)
        for seconds in [0.03, 0.2, 0.4, 0.4, 3, 45] { histogram.record(seconds) }
        #expect(histogram.count == 6 && histogram.max == 45)
        #expect(histogram.quantile(0.5) == 0.5, "the third of six lies in the bucket up to 0.5 s")
        #expect(histogram.quantile(0.95) == 45, "the sixth lies in the bucket up to 60 s, capped at the max seen")
        #expect(histogram.quantile(0) == 0.05)
        histogram.record(7200)
        #expect(histogram.quantile(1) == 7200, "above the last bound: the max")

        let activity = ActivityHistory(backends: ["a", "b"])
        await activity.recordApplies(backend: "a", applied: 2, failed: 0, latencies: [0.03, 0.2], at: Self.start)
        await activity.recordApplies(backend: "b", applied: 2, failed: 0, latencies: [0.4, 3], at: Self.start)
        let latency = await activity.document(now: Self.start).latency
        #expect(latency.count.last == 4 && latency.p50.last == 0.25 && latency.p95.last == 3 && latency.max.last == 3)
    }

    @Test func aBackendNotNamedAtStartGetsItsOwnSeries() async throws {
        let activity = ActivityHistory(backends: ["bind"], minutes: 10)
        await activity.recordApplies(backend: "nsd", applied: 4, failed: 2, latencies: [], at: Self.start)
        let document = await activity.document(now: Self.start)
        #expect(document.minutes == 10)
        #expect(document.backends.map(\.name) == ["bind", "nsd"])
        #expect(document.backends[1].applied.last == 4 && document.backends[1].failed.last == 2)
        #expect(document.backends[0].applied.allSatisfy { $0 == 0 })
    }

    /// The lane reports each batch once its outcomes are stored: zones applied and failed, and
    /// each applied change's age since it was accepted.
    @Test func aLaneCountsItsAppliesFailuresAndPushToAppliedLatency() async throws {
        let store = try SQLiteZoneStore.inMemory()
        let backend = ScriptedBackend(name: "dc1")
        let clock = ManualClock(Self.start)
        let activity = ActivityHistory(backends: ["dc1"])
        let lane = DispatcherLane(
            backend: backend, store: store, retryPolicy: RetryPolicy(delays: [30]), clock: { clock.now }, logger: Logger(label: "test"),
            activity: activity)
        for domain in ["a.example", "b.example"] { try await push(store, domain, at: clock.now) }
        clock.advance(4)
        #expect(try await lane.runBatch()?.succeeded == 2)

        await backend.set(down: true)
        try await push(store, "c.example", at: clock.now)
        #expect(try await lane.runBatch()?.failed == 1)

        let document = await activity.document(now: clock.now)
        #expect(document.backends[0].applied.last == 2 && document.backends[0].failed.last == 1)
        #expect(document.latency.count.last == 2 && document.latency.max.last == 4 && document.latency.p50.last == 4)
    }

    func push(_ store: ZoneStore, _ domain: String, at time: Double) async throws {
        let text = "\(domain).\t300\tIN\tSOA\tns1.\(domain). h.\(domain). 1 1 2 3 4\n"
        _ = try await store.push(ZonePush(
            domain: domain, canonicalText: text, recordCount: 1, contentHash: "h-\(domain)", serial: 1,
            hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin), at: time)
    }
}
