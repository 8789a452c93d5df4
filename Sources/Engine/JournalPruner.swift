import Logging
import ServiceLifecycle
import ZoneStore

/// Keeps the change journal bounded: every `interval` it removes entries older than `retention`
/// (the latest entry of each zone always stays), and prunes the zone history to the newest
/// `historyVersions` versions of each zone. On a store several nodes share, one node at a time
/// prunes: the one holding the `journal-pruning` lease (`ClusterLeases`).
public struct JournalPruner: Service {
    let context: EngineContext
    let retention: Double
    let historyVersions: Int
    let interval: Duration
    /// Whose turn it is among the nodes sharing the store; nil: every pass runs.
    let leases: ClusterLeases?

    public init(
        context: EngineContext, retentionDays: Double, historyVersions: Int = 20, interval: Duration = .seconds(3600),
        leases: ClusterLeases? = nil
    ) {
        self.leases = leases
        self.context = context
        self.retention = retentionDays * 86400
        self.historyVersions = historyVersions
        self.interval = interval
    }

    /// One pass; returns how many entries were removed.
    @discardableResult
    public func prune() async throws -> Int {
        let removed = try await context.store.pruneJournal(olderThan: context.clock() - retention)
        if removed > 0 { context.logger.info("journal: removed \(removed) entr\(removed == 1 ? "y" : "ies") older than \(Int(retention / 86400)) day(s)") }
        let versions = try await context.store.pruneZoneHistory(keeping: historyVersions)
        if versions > 0 { context.logger.info("zone history: removed \(versions) version(s) beyond the newest \(historyVersions) of each zone") }
        return removed
    }

    /// One pass; a failure is logged.
    private func pruneLogged() async {
        do { try await prune() } catch { context.logger.error("journal pruning failed: \(error)") }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if let leases {
                    await leases.run(ClusterLeases.Job.journalPruning) { await pruneLogged() }
                } else {
                    await pruneLogged()
                }
                // Cancelled at shutdown: leave the loop quietly (a thrown error would fail the group).
                guard (try? await Task.sleep(for: interval)) != nil else { return }
            }
        }
    }
}
