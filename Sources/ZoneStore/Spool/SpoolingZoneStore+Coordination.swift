/// The shared store's heartbeats and leases behind the spool: each call goes to the shared store
/// once it is open (opening it if it can), and fails while the database does not answer — so
/// no heartbeat is written and no cluster job's lease is taken by a node that cannot reach it.
public struct SpooledCoordination: ClusterCoordination {
    public let nodeName: String
    let spooling: SpoolingZoneStore

    public init(nodeName: String, spooling: SpoolingZoneStore) {
        self.nodeName = nodeName
        self.spooling = spooling
    }

    /// The shared store's coordination; an error when it has none (a store of one node).
    private func shared() async throws -> any ClusterCoordination {
        guard let coordination = try await spooling.sharedStore() as? any ClusterCoordination else {
            throw SharedStoreWithoutCoordination()
        }
        return coordination
    }

    struct SharedStoreWithoutCoordination: Error, CustomStringConvertible {
        var description: String { "the shared store keeps no heartbeats or leases" }
    }

    public func heartbeat(at now: Double, starting: Bool, version: String?) async throws {
        try await shared().heartbeat(at: now, starting: starting, version: version)
    }

    public func nodes() async throws -> [StoreNode] { try await shared().nodes() }

    public func acquireLease(_ name: String, for seconds: Double, at now: Double) async throws -> Bool {
        try await shared().acquireLease(name, for: seconds, at: now)
    }

    public func releaseLease(_ name: String) async throws { try await shared().releaseLease(name) }

    public func lease(_ name: String) async throws -> StoreLease? { try await shared().lease(name) }

    public func leases() async throws -> [StoreLease] { try await shared().leases() }

    public func appliedCounts() async throws -> [NodeBackendCounts] { try await shared().appliedCounts() }
}
