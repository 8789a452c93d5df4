import Logging
import ZoneStore

/// Runs each cluster-wide periodic job (reconciler, journal pruning) on one node at a time: a
/// pass runs only while this node holds the job's lease in the shared store. The first node to
/// find a lease free or expired takes it; its heartbeat renews it (`renewHeld`) for as long as
/// it runs, so the job stays on that node from one pass to the next, and another node takes it
/// over once a killed holder's lease expired. A clean stop releases every lease (`releaseAll`).
///
/// Without coordination (a store of one node) every pass runs.
public actor ClusterLeases {
    /// The shared store's coordination; nil: one node, nothing to share.
    public nonisolated let coordination: (any ClusterCoordination)?
    /// How long a lease lasts from its last renewal.
    public nonisolated let leaseSeconds: Double
    let clock: @Sendable () -> Double
    let logger: Logger
    /// The leases this node took and has not lost or released.
    private var held: Set<String> = []
    /// Set once the leases were released at shutdown: no job takes one again.
    private var stopped = false

    /// The lease names of the cluster-wide jobs.
    public enum Job {
        public static let reconciler = "reconciler"
        public static let journalPruning = "journal-pruning"
    }

    public init(
        coordination: (any ClusterCoordination)?, leaseSeconds: Double, clock: @escaping @Sendable () -> Double, logger: Logger
    ) {
        self.coordination = coordination
        self.leaseSeconds = leaseSeconds
        self.clock = clock
        self.logger = logger
    }

    /// Leases of one node: every pass runs.
    public static func singleNode(logger: Logger) -> ClusterLeases {
        ClusterLeases(coordination: nil, leaseSeconds: 0, clock: { 0 }, logger: logger)
    }

    /// Runs `job` if this node holds the lease `name` or takes it now; whether it ran.
    @discardableResult
    public nonisolated func run(_ name: String, _ job: @Sendable () async -> Void) async -> Bool {
        guard await take(name) else { return false }
        await job()
        return true
    }

    /// Whether this node holds `name` now: renewed when it held it, taken when it is free or
    /// expired. A skip is logged at debug level, a take-over at info.
    func take(_ name: String) async -> Bool {
        guard let coordination else { return true }
        // Shutting down: a pass whose timer fires after the leases were released takes none.
        guard !stopped else { return false }
        let node = coordination.nodeName
        let now = clock()
        do {
            var previous: StoreLease?
            if !held.contains(name) {
                previous = try await coordination.lease(name)
                if let lease = previous, lease.holder != node, lease.expiresAt > now {
                    logger.debug("\(name): skipped, node \(lease.holder) holds the lease for \(Int((lease.expiresAt - now).rounded())) s more")
                    return false
                }
            }
            guard try await coordination.acquireLease(name, for: leaseSeconds, at: now) else {
                if held.remove(name) != nil { logger.warning("\(name): this node (\(node)) lost its lease; another node runs the job") }
                else { logger.debug("\(name): skipped, another node took the lease first") }
                return false
            }
            if held.insert(name).inserted {
                var from = ""
                if let previous {
                    from = previous.holder == node
                        ? " (its own, from before a restart)"
                        : " over from node \(previous.holder), whose lease expired \(Int(max(0, now - previous.expiresAt).rounded())) s ago"
                }
                logger.info("\(name): this node (\(node)) takes the lease\(from) and runs the job")
            }
            return true
        } catch {
            logger.error("\(name): the lease could not be taken (\(error)); this pass is skipped")
            return false
        }
    }

    /// Renews every lease this node holds (with each heartbeat); one it lost is forgotten.
    public func renewHeld() async {
        guard let coordination else { return }
        for name in held.sorted() {
            do {
                if try await !coordination.acquireLease(name, for: leaseSeconds, at: clock()) {
                    held.remove(name)
                    logger.warning("\(name): this node (\(coordination.nodeName)) lost its lease; another node runs the job")
                }
            } catch {
                logger.warning("\(name): the lease could not be renewed (\(error))")
            }
        }
    }

    /// Gives up every lease this node holds (a clean stop), so another node takes them at once;
    /// from then on no pass takes a lease (the services stop one after the other).
    public func releaseAll() async {
        stopped = true
        guard let coordination else { return }
        for name in held.sorted() {
            do {
                try await coordination.releaseLease(name)
                logger.info("\(name): lease released")
            } catch {
                logger.warning("\(name): the lease could not be released (\(error)); it expires in \(Int(leaseSeconds)) s")
            }
        }
        held.removeAll()
    }
}
