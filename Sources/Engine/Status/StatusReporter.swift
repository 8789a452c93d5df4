import ZoneStore

/// Builds the status document from the store (durable counts) and the lanes (what they did
/// since start).
public struct StatusReporter: Sendable {
    public struct BackendInfo: Sendable {
        public var name: String
        public var type: String
        /// The running lane; nil when the daemon is stopped and the CLI reads the store.
        public var lane: DispatcherLane?
        public init(name: String, type: String, lane: DispatcherLane?) {
            self.name = name
            self.type = type
            self.lane = lane
        }
    }

    let backends: [BackendInfo]
    let store: ZoneStore
    let healer: Healer?
    let healingInterval: Double?
    let version: String
    let startedAt: Double
    /// A backend whose oldest unapplied change is older than this is `degraded`.
    let lagWarningSeconds: Double
    let clock: @Sendable () -> Double
    let isDraining: @Sendable () -> Bool

    public init(
        backends: [BackendInfo], store: ZoneStore, healer: Healer?, healingIntervalMinutes: Double?, version: String,
        startedAt: Double, lagWarningSeconds: Double = 300, clock: @escaping @Sendable () -> Double,
        isDraining: @escaping @Sendable () -> Bool
    ) {
        self.backends = backends
        self.store = store
        self.healer = healer
        self.healingInterval = healingIntervalMinutes
        self.version = version
        self.startedAt = startedAt
        self.lagWarningSeconds = lagWarningSeconds
        self.clock = clock
        self.isDraining = isDraining
    }

    public func document() async throws -> StatusDocument {
        let now = clock()
        var reasons: [String] = []
        var overall = StatusDocument.Overall.ok
        var sections: [StatusDocument.Backend] = []
        for info in backends {
            let name = info.name
            let backlog = try await store.backlog(backend: name)
            let statistics = await info.lane?.statistics ?? LaneStatistics()
            var status = StatusDocument.Overall.ok
            let oldest = backlog.oldestChangeAt.map { max(0, now - $0) }
            if statistics.lastBatchFailedEntirely && backlog.pending + backlog.retrying + backlog.failed > 0 {
                status = .error
                reasons.append("\(name): the last batch failed entirely (\(statistics.lastError?.error ?? "no detail"))")
            }
            if backlog.failed > 0 {
                status = max(status, .degraded)
                reasons.append("\(name): \(backlog.failed) zone(s) failed after every retry (dadns retry --backend \(name))")
            }
            if backlog.retrying > 0 {
                status = max(status, .degraded)
                reasons.append("\(name): \(backlog.retrying) zone(s) waiting for a retry")
            }
            if let oldest, oldest > lagWarningSeconds {
                status = max(status, .degraded)
                reasons.append("\(name): oldest unapplied change is \(Int(oldest)) s old")
            }
            overall = max(overall, status)
            sections.append(StatusDocument.Backend(
                name: name, type: info.type, status: status, pending: backlog.pending, retrying: backlog.retrying,
                failed: backlog.failed, oldestPendingSeconds: oldest, lastBatch: statistics.lastBatch,
                lastError: statistics.lastError, lastSuccessAt: statistics.lastSuccessAt))
        }
        if backends.isEmpty {
            overall = max(overall, .degraded)
            reasons.append("no backend is enabled: zones are stored but served nowhere")
        }
        let draining = isDraining()
        if draining {
            overall = .error
            reasons.append("shutting down: changes are refused")
        }
        var healing = StatusDocument.Healing(status: "disabled")
        if let healer {
            let reports = await healer.lastReports
            healing = StatusDocument.Healing(
                status: reports.contains { $0.error != nil } ? "error" : "enabled", dryRun: healer.dryRun,
                intervalMinutes: healingInterval, lastRun: await healer.lastRun, passes: await healer.passes,
                lastResults: reports)
        }
        return StatusDocument(
            status: overall, reasons: reasons, version: version, startedAt: startedAt, uptimeSeconds: now - startedAt,
            draining: draining, zones: try await store.presentZoneCount(), backends: sections, healing: healing,
            reconciler: .init(status: "disabled"), peerSync: .init(status: "disabled"))
    }
}
