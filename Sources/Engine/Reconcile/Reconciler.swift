import DirectAdmin
import Logging
import Metrics
import ZoneStore

/// Brings the store in line with what the DirectAdmin servers really have — DirectAdmin never
/// retries a push, so a node that was down misses changes.
///
/// A pass lists every configured server's domains, then:
/// - a zone owned here by a polled server that no longer lists it is an **orphan** and is
///   deleted (journal source `reconciler`), unless dry-run or the bulk-delete guard trips;
/// - a zone listed by a server but absent here is **missing**: its text is fetched from that
///   server and stored like a push, at a limited rate;
/// - a zone without an owner gets the server listing it (**backfill**); a zone listed only by
///   another server than its owner moves to it (**migration**), as the reference does.
///
/// Never on uncertainty: a server that cannot be reached or answers garbage makes the pass
/// skip every zone it owns, and a zone changed after the pass began is left to that change.
/// Orphans it did not delete and zones still missing are kept as `candidates` for the operator
/// to approve or ignore (`Reconciler+Candidates`); ignored zones are left alone.
public actor Reconciler {
    public nonisolated let settings: ReconcilerSettings
    let store: ZoneStore
    let clients: [DirectAdminClient]
    let clock: @Sendable () -> Double
    let logger: Logger
    public private(set) var history = PassHistory<ReconcileReport>()
    /// Zones the operator told it to leave alone.
    public nonisolated let ignoreList: ReconcileIgnoreList
    /// What the last pass left for the operator to approve or ignore.
    public internal(set) var candidates: [ReconcileCandidate] = []

    public init(
        settings: ReconcilerSettings, store: ZoneStore, clock: @escaping @Sendable () -> Double, logger: Logger,
        ignoreList: ReconcileIgnoreList = ReconcileIgnoreList()
    ) {
        self.settings = settings
        self.ignoreList = ignoreList
        self.store = store
        self.clock = clock
        self.logger = logger.with("component", "reconciler")
        clients = settings.servers.map {
            DirectAdminClient(
                server: $0, itemsPerPage: settings.itemsPerPage, verifyCertificates: settings.verifyCertificates,
                timeout: settings.timeout, logger: logger)
        }
    }

    /// One pass over every server. A pass asked for while one runs returns the last report.
    @discardableResult
    public func reconcile() async -> ReconcileReport {
        if history.running {
            return history.lastReport ?? ReconcileReport(startedAt: clock(), finishedAt: clock(), dryRun: settings.dryRun, servers: [])
        }
        history.running = true
        defer { history.running = false }
        let report = await pass()
        history.record(report, at: report.finishedAt)
        ReconcilerMetrics.record(report)
        return report
    }

    private func pass() async -> ReconcileReport {
        let started = clock()
        logger.info("[reconciler] Starting reconciliation pass across \(clients.count) server(s)")
        var servers = settings.servers.map { ReconcileReport.Server(hostname: $0.hostname) }
        var listings: [DomainListing?] = []
        for (index, client) in clients.enumerated() {
            listings.append(await list(client, into: &servers[index]))
        }
        var report = ReconcileReport(startedAt: started, finishedAt: started, dryRun: settings.dryRun, servers: servers)
        do {
            let present = try await compare(listings, report: &report)
            try await deleteOrphans(&report)
            if settings.fetchMissing {
                await fetchMissing(listings, present: present, report: &report)
            }
            try await keepCandidates(report, listings: listings)
        } catch {
            logger.error("[reconciler] the store cannot be read or written: \(error); pass abandoned")
            for index in report.servers.indices where report.servers[index].error == nil {
                report.servers[index].error = "store error: \(error)"
            }
        }
        report.finishedAt = clock()
        if settings.dryRun {
            logger.info("[reconciler] Reconciliation pass complete [DRY-RUN] — \(report.orphans) orphan(s) identified (none deleted)")
        } else {
            logger.info(
                "[reconciler] Reconciliation pass complete — \(report.deleted) domain(s) queued for deletion, \(report.fetched) missing zone(s) fetched")
        }
        return report
    }

    /// One server's listing, or nil (with the reason in its report) when it cannot be trusted.
    func list(_ client: DirectAdminClient, into server: inout ReconcileReport.Server) async -> DomainListing? {
        do {
            let listing = try await client.listDomains()
            server.reachable = true
            server.zonesSeen = listing.domains.count
            server.invalidNames = listing.invalid
            if !listing.invalid.isEmpty {
                logger.warning(
                    "[reconciler] \(server.hostname): \(listing.invalid.count) listed name(s) are not valid domains and are ignored (\(Healer.sample(listing.invalid)))")
            }
            logger.debug("[reconciler] \(server.hostname): \(listing.domains.count) active domain(s) in DA")
            return listing
        } catch {
            server.error = error.description
            logger.error("[reconciler] \(server.hostname): \(error) — skipping every zone it owns this pass")
            return nil
        }
    }

    /// Walks the present zones: backfills and migrates owners, collects orphans per server.
    /// Returns the present domains.
    private func compare(_ listings: [DomainListing?], report: inout ReconcileReport) async throws -> Set<String> {
        let hostnames = settings.servers.map(\.hostname)
        let unreachable = Set(zip(hostnames, listings).filter { $0.1 == nil }.map(\.0))
        var listedBy: [String: [String]] = [:]
        for (hostname, listing) in zip(hostnames, listings) {
            for entry in listing?.domains ?? [] { listedBy[entry.domain, default: []].append(hostname) }
        }
        var present = Set<String>()
        var after = ""
        var backfilled: [String] = []
        var migrated: [String] = []
        while true {
            let page = try await store.zones(present: true, afterDomain: after, limit: 1000)
            guard let last = page.last else { break }
            after = last.domain
            for zone in page {
                present.insert(zone.domain)
                let owner = zone.hostname.flatMap { $0.isEmpty ? nil : $0 }
                // Never act on a zone whose owner could not be asked.
                if let owner, unreachable.contains(owner) { continue }
                if let listers = listedBy[zone.domain] {
                    guard let owner else {
                        if try await store.changeOwner(domain: zone.domain, from: zone.hostname, to: listers[0], source: .reconciler, at: clock()) {
                            logger.info("[reconciler] Domain '\(zone.domain)' hostname backfilled: '\(listers[0])'")
                            backfilled.append(zone.domain)
                        }
                        continue
                    }
                    if !listers.contains(owner) {
                        if try await store.changeOwner(domain: zone.domain, from: owner, to: listers[0], source: .reconciler, at: clock()) {
                            logger.warning("[reconciler] Domain '\(zone.domain)' migrated: '\(owner)' -> '\(listers[0])'. Updating local DB.")
                            migrated.append("\(zone.domain): \(owner) -> \(listers[0])")
                        }
                    }
                } else if let owner, let index = hostnames.firstIndex(of: owner), zone.updatedAt < report.startedAt,
                    !ignoreList.contains(zone.domain, kind: .orphan)
                {
                    report.servers[index].orphans.append(zone.domain)
                    pendingOrphans[zone.domain] = (zone.generation, owner, zone.username)
                }
            }
        }
        if !backfilled.isEmpty { logger.info("[reconciler] \(backfilled.count) domain(s) had missing hostname backfilled.") }
        if !migrated.isEmpty { logger.info("[reconciler] \(migrated.count) domain(s) migrated to new master.") }
        report.backfilled = backfilled
        report.migrated = migrated
        return present
    }

    /// Orphans found by `compare`, with what they were when seen.
    var pendingOrphans: [String: (generation: Int64, owner: String, username: String?)] = [:]

    /// Deletes each server's orphans, unless dry-run or the bulk-delete guard trips.
    private func deleteOrphans(_ report: inout ReconcileReport) async throws {
        defer { pendingOrphans = [:] }
        let owned = try await store.ownedZoneCounts()
        for index in report.servers.indices where !report.servers[index].orphans.isEmpty {
            let hostname = report.servers[index].hostname
            let orphans = report.servers[index].orphans
            let total = owned[hostname] ?? orphans.count
            report.servers[index].owned = total
            let allowance = settings.deleteAllowance(owned: total)
            if orphans.count > allowance {
                let share = Int((Double(orphans.count) / Double(max(total, 1)) * 100).rounded())
                let reason =
                    "would delete \(orphans.count) of its \(total) zone(s) (\(share) %), more than the \(allowance) allowed (reconciliation.max_delete_share \(settings.maxDeleteShare)): nothing deleted"
                report.servers[index].guardReason = reason
                logger.error("[reconciler] \(hostname): bulk-delete guard: \(reason) (\(Healer.sample(orphans)))")
                continue
            }
            for domain in orphans {
                if settings.dryRun {
                    logger.warning("[reconciler] [DRY-RUN] Would delete orphan: \(domain) (master: \(hostname))")
                    continue
                }
                guard let seen = pendingOrphans[domain] else { continue }
                let outcome = try await store.deleteOrphan(
                    domain: domain, generation: seen.generation, owner: seen.owner, username: seen.username, at: clock())
                if case .deleted = outcome {
                    report.servers[index].deleted += 1
                    logger.info("[reconciler] Queued delete for orphan: \(domain) (master: \(hostname))")
                } else {
                    logger.info("[reconciler] \(domain) changed during the pass; not deleted")
                }
            }
        }
        for index in report.servers.indices where report.servers[index].owned == 0 {
            report.servers[index].owned = owned[report.servers[index].hostname] ?? 0
        }
    }

    /// Fetches and stores the zones servers list and the store lacks, at the configured rate.
    private func fetchMissing(_ listings: [DomainListing?], present: Set<String>, report: inout ReconcileReport) async {
        var claimed = present
        var limiter = RateLimiter(perSecond: settings.fetchesPerSecond)
        for (index, listing) in listings.enumerated() {
            guard let listing else { continue }
            let missing = listing.domains.filter { claimed.insert($0.domain).inserted && !ignoreList.contains($0.domain, kind: .missing) }
            report.servers[index].missing = missing.map(\.domain)
            guard !missing.isEmpty else { continue }
            let hostname = report.servers[index].hostname
            if settings.dryRun {
                logger.warning(
                    "[reconciler] [DRY-RUN] Would fetch \(missing.count) missing zone(s) from \(hostname): \(Healer.sample(missing.map(\.domain)))")
                continue
            }
            logger.info("[reconciler] \(hostname): \(missing.count) zone(s) missing here; fetching")
            for entry in missing {
                if Task.isCancelled { return }
                await limiter.wait()
                await fetch(entry, from: clients[index], since: report.startedAt, into: &report.servers[index])
            }
        }
    }

    /// Fetches one zone and stores it through the normal push path (validated like a rawsave).
    func fetch(_ entry: ListedDomain, from client: DirectAdminClient, since: Double, into server: inout ReconcileReport.Server) async {
        let text: [UInt8]
        do {
            text = try await client.zoneText(entry.domain)
        } catch {
            server.fetchFailed.append("\(entry.domain): \(error)")
            logger.error("[reconciler] \(server.hostname): cannot fetch \(entry.domain): \(error)")
            return
        }
        switch ZoneIntake.accept(
            domain: entry.domain, zoneText: text, hostname: server.hostname, username: entry.username.flatMap(Self.validUser),
            clientAddress: nil, source: .reconciler)
        {
        case .failure(let rejection):
            server.rejected.append("\(entry.domain): \(rejection)")
            logger.warning("[reconciler] \(server.hostname): zone \(entry.domain) from DirectAdmin refused: \(rejection)")
        case .success(let accepted):
            do {
                guard let outcome = try await store.pushFetched(accepted.push, unchangedSince: since, at: clock()) else {
                    logger.info("[reconciler] \(entry.domain) changed while it was fetched; the newer change stands")
                    return
                }
                if outcome.changed {
                    server.fetched += 1
                    logger.info(
                        "[reconciler] \(entry.domain) fetched from \(server.hostname): \(accepted.recordCount) records, generation \(outcome.generation)")
                } else {
                    server.unchanged += 1
                }
            } catch {
                server.fetchFailed.append("\(entry.domain): store error: \(error)")
                logger.error("[reconciler] \(entry.domain): the store refused the fetched zone: \(error)")
            }
        }
    }

    /// DirectAdmin user names as the receiver accepts them.
    static func validUser(_ text: String) -> String? { PlainName.validated(text) }
}
