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

    /// The enabled backends, in configuration order.
    public let backends: [BackendInfo]
    public let store: ZoneStore
    public let healer: Healer?
    let healingInterval: Double?
    /// The running reconciler, whose candidates the operator approves or ignores.
    public let reconciler: Reconciler?
    let reconcilerInterval: Double?
    let peerSync: PeerSync?
    let version: String
    let startedAt: Double
    /// A backend whose oldest unapplied change is older than this is `degraded`.
    let lagWarningSeconds: Double
    /// The time now, in seconds since 1970.
    public let clock: @Sendable () -> Double
    let isDraining: @Sendable () -> Bool
    /// The spool in front of a shared store: its section, and reads that fail while the database
    /// does not answer degrade the status instead of failing it.
    let spooling: SpoolingZoneStore?
    /// The store's kind and the nodes sharing it, for the `store` section; nil leaves it out.
    let storeSource: StoreStatusSource?
    /// The per-minute counts of the running daemon (`/api/activity`, the console's charts); nil offline.
    public let activity: ActivityHistory?
    /// The served-state probe, whose results the `probe` section shows; nil: disabled.
    public var probe: ServedStateProbe?

    /// When a backend's oldest unapplied change makes it degraded (also `status.lag_warning_seconds`' default).
    public static let defaultLagWarningSeconds: Double = 300

    public init(
        backends: [BackendInfo], store: ZoneStore, healer: Healer?, healingIntervalMinutes: Double?,
        reconciler: Reconciler? = nil, reconcilerIntervalMinutes: Double? = nil, peerSync: PeerSync? = nil, version: String,
        startedAt: Double, lagWarningSeconds: Double = Self.defaultLagWarningSeconds, clock: @escaping @Sendable () -> Double,
        isDraining: @escaping @Sendable () -> Bool, spooling: SpoolingZoneStore? = nil, storeSource: StoreStatusSource? = nil,
        activity: ActivityHistory? = nil
    ) {
        self.activity = activity
        self.spooling = spooling
        self.storeSource = storeSource
        self.reconciler = reconciler
        self.peerSync = peerSync
        self.reconcilerInterval = reconcilerIntervalMinutes
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
        let spool = await spoolSection(now: now, reasons: &reasons)
        overall = max(overall, spool?.status ?? .ok)
        // While the shared database is known not to answer, its figures are not asked for: each
        // question could wait out a connect timeout. The lanes and the forwarder keep trying it.
        let storeDown = spool?.unreachableSince != nil
        for info in backends {
            let name = info.name
            let backlog: BackendBacklog
            do {
                if storeDown { throw SpoolingZoneStore.NotAsked() }
                backlog = try await store.backlog(backend: name)
            } catch let error where spooling != nil {
                // The shared database does not answer (the spool section says so): the backend
                // keeps serving what it holds, and its backlog is unknown until it answers.
                reasons.append("\(name): its backlog cannot be read from the shared database (\(StoreWriteHealth.reason(error)))")
                overall = max(overall, .degraded)
                let statistics = await info.lane?.statistics ?? LaneStatistics()
                sections.append(StatusDocument.Backend(
                    name: name, type: info.type, status: .degraded, pending: 0, retrying: 0, failed: 0, oldestPendingSeconds: nil,
                    lastBatch: statistics.lastBatch, lastError: statistics.lastError, lastSuccessAt: statistics.lastSuccessAt))
                continue
            }
            let statistics = await info.lane?.statistics ?? LaneStatistics()
            var status = StatusDocument.Overall.ok
            let oldest = backlog.oldestChangeAt.map { max(0, now - $0) }
            // Reasons say how things are now: once a batch applies zones again, the failures
            // before it are history (the backend section's lastError keeps the latest).
            if let since = statistics.failingSince, backlog.pending + backlog.retrying + backlog.failed > 0 {
                status = .error
                reasons.append(
                    "\(name): every attempt has failed for \(Int(max(0, now - since))) s (\(statistics.lastError?.error ?? "no detail"))")
            }
            if let problem = info.lane?.backend.standingProblem {
                status = max(status, .degraded)
                reasons.append("\(name): \(problem)")
            }
            if backlog.failed > 0 {
                status = max(status, .degraded)
                let every = info.lane.map { "; tried again every \(DispatcherLane.seconds($0.retryPolicy.lastInterval)) s" } ?? ""
                reasons.append(
                    "\(name): \(backlog.failed) zone(s) failed after every retry\(every) (dadns retry --backend \(name) tries now)")
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
        // A store that cannot write refuses every change: as serious as draining. While writes
        // fail, each status request tries one, so the state clears as soon as the disk has room.
        var storeWrites = await store.writeHealth
        if storeWrites.failingSince != nil { storeWrites = await store.checkWritable(at: now) }
        if let since = storeWrites.failingSince {
            overall = .error
            reasons.append(
                "store: writes have failed for \(Int(max(0, now - since))) s (\(storeWrites.lastError ?? "no detail")): changes are refused")
        }
        let draining = isDraining()
        if draining {
            overall = .error
            reasons.append("shutting down: changes are refused")
        }
        var healing = StatusDocument.Healing(status: "disabled")
        if let healer {
            let history = await healer.history
            let reports = history.lastReport ?? []
            healing = StatusDocument.Healing(
                status: reports.contains { $0.error != nil } ? "error" : "enabled", dryRun: healer.dryRun,
                intervalMinutes: healingInterval, lastRun: history.lastRun, passes: history.passes, lastResults: reports)
        }
        let reconciliation = await reconcilerSection(reasons: &reasons)
        if reconciliation.status == "degraded" { overall = max(overall, .degraded) }
        let peers = await peerSyncSection(reasons: &reasons)
        if peers.status == "degraded" { overall = max(overall, .degraded) }
        let zones = try await zoneCount(asking: !storeDown, reasons: &reasons)
        // Left out unless the daemon runs a probe (a backend names a dns_address).
        let probe = self.probe == nil ? nil : await probeSection(reasons: &reasons)
        if probe?.status == "degraded" { overall = max(overall, .degraded) }
        var storeSection: StoreStatus?
        if let storeSource {
            let (section, status) = await storeSource.section(now: now, reasons: &reasons)
            storeSection = section
            overall = max(overall, status)
        }
        return StatusDocument(
            status: overall, reasons: reasons, version: version, startedAt: startedAt, uptimeSeconds: now - startedAt,
            draining: draining, zones: zones, backends: sections, healing: healing,
            reconciler: reconciliation, peerSync: peers, spool: spool, store: storeSection, probe: probe)
    }

    /// How many zones are present; with a spool, 0 and a reason while the shared database does not answer.
    private func zoneCount(asking: Bool, reasons: inout [String]) async throws -> Int {
        do {
            guard asking else { throw SpoolingZoneStore.NotAsked() }
            return try await store.presentZoneCount()
        } catch let error where spooling != nil {
            reasons.append("zones: cannot be counted in the shared database (\(StoreWriteHealth.reason(error))); 0 shown")
            return 0
        }
    }

    /// The peer-sync section; degraded peers are added to `reasons`.
    private func peerSyncSection(reasons: inout [String]) async -> StatusDocument.PeerSync {
        guard let peerSync else { return .init(status: "disabled") }
        var section = StatusDocument.PeerSync(status: "enabled")
        section.intervalMinutes = peerSync.settings.intervalMinutes
        section.tombstoneDays = peerSync.settings.tombstoneDays
        let history = await peerSync.history
        section.passes = history.passes
        section.lastRun = history.lastRun
        let health = await peerSync.peerHealth()
        section.peers = health
        section.lastResult = history.lastReport
        for peer in health where !peer.healthy {
            section.status = "degraded"
            reasons.append(
                "peer sync: \(peer.url) failed \(peer.consecutiveFailures) pass(es) in a row (\(peer.lastError ?? "no detail"))")
        }
        return section
    }

    /// The reconciler's section; its problems are added to `reasons`.
    private func reconcilerSection(reasons: inout [String]) async -> StatusDocument.Reconciliation {
        guard let reconciler else { return .init(status: "disabled") }
        var section = StatusDocument.Reconciliation(status: "enabled")
        section.dryRun = reconciler.settings.dryRun
        section.intervalMinutes = reconcilerInterval
        section.servers = reconciler.settings.servers.map(\.hostname)
        let history = await reconciler.history
        section.passes = history.passes
        section.lastRun = history.lastRun
        guard let report = history.lastReport else { return section }
        section.serversPolled = report.serversPolled
        section.serversUnreachable = report.unreachable
        section.zonesSeen = report.zonesSeen
        section.orphans = report.orphans
        section.deleted = report.deleted
        section.missing = report.missing
        section.fetched = report.fetched
        section.rejected = report.rejected
        section.migrated = report.migrated.count
        section.backfilled = report.backfilled.count
        section.lastResult = report
        for server in report.servers {
            if !server.reachable {
                section.status = "degraded"
                reasons.append("reconciler: \(server.hostname) could not be asked (\(server.error ?? "no answer")); its zones were skipped")
            }
            if let reason = server.guardReason {
                section.status = "degraded"
                reasons.append("reconciler: \(server.hostname): bulk-delete guard: \(reason)")
            }
        }
        return section
    }
}
