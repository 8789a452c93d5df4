import Foundation
import Backends
import Logging
import Metrics
import ZoneStore

/// One backend's lane: takes the zones the backend is behind on (oldest change first, newest
/// generation only), applies them in bounded batches, and records every outcome in one
/// transaction. A slow or broken backend only delays its own lane.
public actor DispatcherLane {
    public nonisolated let backend: any DNSBackend
    let store: ZoneStore
    let retryPolicy: RetryPolicy
    let batchSize: Int
    let clock: @Sendable () -> Double
    let logger: Logger
    /// Counts applies, failures and push-to-applied latency per minute (`/api/activity`).
    let activity: ActivityHistory?
    private(set) var statistics = LaneStatistics()
    /// Called after a batch of at least `largeBatch` zones, once its zone texts and the files
    /// rendered from them are freed: the daemon gives that memory back to the system
    /// (`malloc_trim`), which glibc would otherwise keep for reuse.
    let afterLargeBatch: @Sendable () -> Void
    /// Whether the next batch that applies a zone re-queues the failed and retrying ones (see
    /// `noteBackendHealth`): true at start and while the backend looks down.
    private var requeueOnNextSuccess = true
    private let appliedCounter: Counter
    private let failedCounter: Counter
    private let retriesScheduled: Counter
    private let gaveUp: Counter
    private let applyLag: Metrics.Timer
    private let batchDuration: Metrics.Timer
    private let batchSizes: Recorder

    /// What one batch did.
    public struct BatchReport: Sendable, Equatable {
        public var size: Int
        public var succeeded: Int
        public var failed: Int
        public var seconds: Double
    }

    /// Most zones one batch applies when neither `dns.batch_size` nor the backend
    /// (`preferredBatchSize`) says otherwise.
    public static let defaultBatchSize = 500

    /// Batches of this many zones or more are followed by `afterLargeBatch`. A trim costs a few
    /// milliseconds; a batch this size takes far longer (docs/benchmarks.md, "Memory during
    /// 100,000 pushes").
    public static let largeBatch = 1_000

    public init(
        backend: any DNSBackend, store: ZoneStore, retryPolicy: RetryPolicy = RetryPolicy(), batchSize: Int? = nil,
        clock: @escaping @Sendable () -> Double, logger: Logger, activity: ActivityHistory? = nil,
        afterLargeBatch: @escaping @Sendable () -> Void = {}
    ) {
        self.activity = activity
        self.afterLargeBatch = afterLargeBatch
        self.backend = backend
        self.store = store
        self.retryPolicy = retryPolicy
        // `dns.batch_size` when set, else the backend's preference, else 500.
        self.batchSize = batchSize ?? backend.preferredBatchSize ?? Self.defaultBatchSize
        self.clock = clock
        self.logger = logger.with("backend", backend.name)
        let dimensions = [("backend", backend.name)]
        appliedCounter = Counter(label: "dadns_zone_applies_total", dimensions: dimensions + [("result", "ok")])
        failedCounter = Counter(label: "dadns_zone_applies_total", dimensions: dimensions + [("result", "failed")])
        retriesScheduled = Counter(label: "dadns_retries_scheduled_total", dimensions: dimensions)
        gaveUp = Counter(label: "dadns_retries_exhausted_total", dimensions: dimensions)
        applyLag = Metrics.Timer(label: "dadns_change_to_applied_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
        batchDuration = Metrics.Timer(label: "dadns_batch_duration_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
        batchSizes = Recorder(label: "dadns_batch_size_zones", dimensions: dimensions, aggregate: true)
    }

    /// Runs one batch if anything is due; nil when the lane is idle.
    public func runBatch() async throws -> BatchReport? {
        let report = try await applyDueBatch()
        // The batch's pending zones, texts and outcomes were locals of the call that returned.
        if let report, report.size >= Self.largeBatch { afterLargeBatch() }
        return report
    }

    private func applyDueBatch() async throws -> BatchReport? {
        let started = clock()
        let pending = try await store.pending(backend: backend.name, now: started, limit: batchSize)
        guard !pending.isEmpty else { return nil }
        logger.info("Batch started with \(pending.count) zone(s)")
        // Write-ahead: from the first send on the backend may hold the zone, even if dadns dies
        // before the outcome is recorded below; the pair makes a later delete reach it.
        try await store.markSent(backend: backend.name, domains: pending.filter { $0.present && !$0.tracked }.map(\.domain))
        let changes = pending.map { BackendChange(domain: $0.domain, zoneText: $0.present ? $0.canonicalText : nil) }
        let outcomes = await backend.apply(changes)
        let finished = clock()
        var records: [(change: PendingChange, result: ApplyResult)] = []
        var failures = 0
        var latencies: [Double] = []
        var freshFailures = 0  // failures of zones that had not failed before
        for (change, outcome) in zip(pending, outcomes) {
            switch outcome {
            case .applied:
                logger.debug("\(change.present ? "applied" : "removed") \(change.domain) generation \(change.generation)")
                records.append((change, .applied))
                let lag = max(0, finished - change.changedAt)
                latencies.append(lag)
                applyLag.recordNanoseconds(Int64(lag * 1e9))
            case .failed(let reason):
                failures += 1
                if change.attempts == 0 { freshFailures += 1 }
                let next = retryPolicy.nextAttempt(afterFailure: change.attempts + 1, now: finished)
                let wait = Self.seconds(next.at - finished)
                logger.warning(
                    "\(change.domain): \(reason) — \(next.scheduleUsedUp ? "retry schedule used up; next try in \(wait) s (then every \(wait) s)" : "retry in \(wait) s")")
                records.append((change, .failed(error: reason, retryAt: next.at, scheduleUsedUp: next.scheduleUsedUp)))
                statistics.lastError = LaneStatistics.Failure(domain: change.domain, error: reason, at: finished)
                // Exhausted once, when the schedule runs out; the retries after it are scheduled ones.
                if next.scheduleUsedUp && change.attempts == retryPolicy.delays.count { gaveUp.increment() } else { retriesScheduled.increment() }
            }
        }
        try await store.record(backend: backend.name, outcomes: records, at: finished)
        let succeeded = pending.count - failures
        await activity?.recordApplies(backend: backend.name, applied: succeeded, failed: failures, latencies: latencies, at: finished)
        try await noteBackendHealth(succeeded: succeeded, failures: failures, freshFailures: freshFailures, at: finished)
        let seconds = max(finished - started, 0.000_001)
        let rate = Double(pending.count) / seconds
        appliedCounter.increment(by: succeeded)
        failedCounter.increment(by: failures)
        batchDuration.recordNanoseconds(Int64(seconds * 1e9))
        batchSizes.record(pending.count)
        statistics.batches += 1
        statistics.applied += succeeded
        statistics.failures += failures
        statistics.lastBatch = LaneStatistics.Batch(
            size: pending.count, succeeded: succeeded, failed: failures, seconds: seconds, zonesPerSecond: rate, finishedAt: finished)
        if succeeded > 0 { statistics.lastSuccessAt = finished }
        logger.info(
            "Batch complete — \(succeeded)/\(pending.count) zone(s) processed successfully in \(String(format: "%.3f", seconds)) s (\(String(format: "%.1f", rate)) zones/sec)\(failures > 0 ? ", \(failures) failed" : "")")
        return BatchReport(size: pending.count, succeeded: succeeded, failed: failures, seconds: seconds)
    }

    /// Tracks whether the backend itself looks down and, when it applies zones again after that
    /// (or for the first time since start: it may have been fixed while dadns was stopped),
    /// queues the lane's failed and retrying zones at once instead of leaving them to their
    /// schedule (up to the last interval, 30 min by default). The caller runs the next batch right
    /// after one that applied zones, so they go out at once. A zone that fails alone while others
    /// apply does not make the backend look down, so steady traffic does not re-queue it.
    private func noteBackendHealth(succeeded: Int, failures: Int, freshFailures: Int, at now: Double) async throws {
        if succeeded > 0 {
            statistics.failingSince = nil
            guard requeueOnNextSuccess else { return }
            // Pairs this batch just failed keep their schedule. (Cleared only once stored: a store
            // error leaves the re-queue to the next batch that applies.)
            let queued = try await store.retryNow(backend: backend.name, domain: nil, at: now, attemptedBefore: now)
            requeueOnNextSuccess = false
            if queued > 0 {
                logger.notice("\(backend.name) applies zones again: \(queued) failed or retrying zone(s) queued for another attempt now")
            }
        } else if failures > 0 && (freshFailures > 0 || statistics.lastSuccessAt == nil) {
            if statistics.failingSince == nil { statistics.failingSince = now }
            requeueOnNextSuccess = true
        }
    }

    /// A delay for the log: `0.5`, `30`.
    static func seconds(_ value: Double) -> String {
        value < 10 && value != value.rounded() ? String(format: "%.1f", value) : String(Int(value.rounded()))
    }

    /// Runs batches until nothing is due.
    public func drain() async throws -> [BatchReport] {
        var reports: [BatchReport] = []
        while let report = try await runBatch() {
            reports.append(report)
            if report.succeeded == 0 { break }  // everything failed: wait for the retry schedule
        }
        return reports
    }
}
