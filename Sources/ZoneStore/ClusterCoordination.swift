/// What nodes sharing one store need to know of each other: their heartbeats, the leases that
/// let one node at a time run a cluster-wide job, and each node's applied state. A store that
/// several nodes share (MariaDB) offers it; a store of one node (SQLite) has none, and the
/// engine then runs every job itself.
///
/// Times are the callers' clocks (seconds since 1970): nodes need clocks in step (NTP) to well
/// within a lease's length.
public protocol ClusterCoordination: Sendable {
    /// This node's name (`app.node_name`).
    var nodeName: String { get }
    /// Records that this node is alive at `now`; `starting` marks a (re)start.
    func heartbeat(at now: Double, starting: Bool, version: String?) async throws
    /// Every node that ever sent a heartbeat, by name.
    func nodes() async throws -> [StoreNode]
    /// Takes or renews the lease `name` for this node until `now + seconds`; whether this node
    /// holds it now. Never granted to two nodes at once.
    func acquireLease(_ name: String, for seconds: Double, at now: Double) async throws -> Bool
    /// Gives the lease up if this node holds it.
    func releaseLease(_ name: String) async throws
    /// The lease `name`, if any node took it (it may have expired).
    func lease(_ name: String) async throws -> StoreLease?
    /// Every lease any node took (some may have expired), by name.
    func leases() async throws -> [StoreLease]
    /// Each node's backends' applied state, by node then backend.
    func appliedCounts() async throws -> [NodeBackendCounts]
}

/// A node sharing the store, as its heartbeats left it.
public struct StoreNode: Sendable, Equatable {
    public var name: String
    /// When the node last started (its first heartbeat since).
    public var startedAt: Double
    public var lastSeenAt: Double
    public var version: String?
}

/// A cluster-wide job's lease: the node that runs the job, until when.
public struct StoreLease: Sendable, Equatable {
    public var name: String
    public var holder: String
    public var acquiredAt: Double
    public var expiresAt: Double
}

/// How far one node's backend is with the shared desired state: zones it holds at their current
/// generation, and those it still has to apply (pending), is retrying, or gave up retrying (failed).
public struct NodeBackendCounts: Sendable, Equatable, Codable {
    public var node: String
    public var backend: String
    public var applied: Int
    public var pending: Int
    public var retrying: Int
    public var failed: Int
}
