import Logging
import ServiceLifecycle
import ZoneStore

/// This node's heartbeat in a shared store: written at start (marking a restart, with the
/// version) and then every `interval`, each time renewing the cluster leases this node holds.
/// Other nodes report a node silent once its heartbeat is 3 intervals old
/// (`StoreStatusSource.silentAfterIntervals`). At a graceful shutdown the leases are released.
public struct NodeHeartbeat: Service {
    let coordination: any ClusterCoordination
    let leases: ClusterLeases
    let interval: Duration
    let version: String
    let clock: @Sendable () -> Double
    let logger: Logger

    public init(
        coordination: any ClusterCoordination, leases: ClusterLeases, intervalSeconds: Double, version: String,
        clock: @escaping @Sendable () -> Double, logger: Logger
    ) {
        self.coordination = coordination
        self.leases = leases
        self.interval = .milliseconds(Int64(intervalSeconds * 1000))
        self.version = version
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        let startFailed = await beat(starting: true, failing: false)
        await cancelWhenGracefulShutdown {
            var failing = startFailed
            while !Task.isCancelled {
                // Cancelled at shutdown: leave the loop quietly (a thrown error would fail the group).
                guard (try? await Task.sleep(for: interval)) != nil else { return }
                failing = await beat(starting: false, failing: failing)
                await leases.renewHeld()
            }
        }
        await leases.releaseAll()
    }

    /// Writes one heartbeat; whether it failed. A failure is logged once until one succeeds again.
    private func beat(starting: Bool, failing: Bool) async -> Bool {
        do {
            try await coordination.heartbeat(at: clock(), starting: starting, version: starting ? version : nil)
            if failing { logger.info("heartbeat of node \(coordination.nodeName) written again") }
            return false
        } catch {
            if !failing { logger.error("heartbeat of node \(coordination.nodeName) could not be written (\(error)); other nodes will report it silent") }
            return true
        }
    }
}
