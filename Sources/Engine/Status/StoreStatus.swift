import ZoneStore

/// `/status`'s `store` section: which store this node runs on and, for a store several nodes
/// share, every node with its heartbeat and its backends' applied state, and who holds each
/// cluster lease until when.
public struct StoreStatus: Sendable, Codable, Equatable {
    /// `sqlite` or `mysql` (`datastore.type`).
    public var kind: String
    /// This node's name (`app.node_name`).
    public var node: String
    /// `datastore.heartbeat_seconds` (mysql).
    public var heartbeatSeconds: Double?
    /// `full` or `normal` (`datastore.synchronous`): how the SQLite store, or the spool in front of
    /// a shared one, commits; nil where no SQLite file is open.
    public var synchronous: String?
    public var nodes: [Node]?
    public var leases: [Lease]?
    /// Why the nodes could not be read, when they could not.
    public var error: String?

    /// A node sharing the store.
    public struct Node: Sendable, Codable, Equatable {
        public var name: String
        @Timestamp public var lastHeartbeat: Double
        /// Seconds since the last heartbeat.
        public var ageSeconds: Double
        @Timestamp public var startedAt: Double
        public var version: String?
        /// No heartbeat for `StoreStatusSource.silentAfterIntervals` intervals.
        public var silent: Bool
        /// Each of its backends' applied state, by backend name.
        public var backends: [NodeBackend]
    }

    /// One node's backend: present zones applied at their generation, and those behind.
    public struct NodeBackend: Sendable, Codable, Equatable {
        public var name: String
        public var applied: Int
        public var pending: Int
        public var retrying: Int
        public var failed: Int
    }

    /// A cluster-wide job's lease.
    public struct Lease: Sendable, Codable, Equatable {
        public var name: String
        public var holder: String
        @Timestamp public var until: Double
        /// Expired: the holder stopped renewing it; the next node to run the job takes it.
        public var expired: Bool
    }

    public init(kind: String, node: String) {
        self.kind = kind
        self.node = node
    }
}

/// Where the `store` section comes from: the store's kind and this node's name, and for a
/// shared store its coordination (heartbeats, leases, applied state per node).
public struct StoreStatusSource: Sendable {
    /// A node whose heartbeat is this many intervals old is reported silent.
    public static let silentAfterIntervals: Double = 3

    public let kind: String
    public let node: String
    public let coordination: (any ClusterCoordination)?
    public let heartbeatSeconds: Double
    /// `StoreStatus.synchronous`.
    public let synchronous: String?

    public init(kind: String, node: String, coordination: (any ClusterCoordination)?, heartbeatSeconds: Double, synchronous: String? = nil) {
        self.kind = kind
        self.node = node
        self.coordination = coordination
        self.heartbeatSeconds = heartbeatSeconds
        self.synchronous = synchronous
    }

    /// The section at `now`; each silent node (and nodes that cannot be read) is added to
    /// `reasons` and makes the overall status at least degraded.
    func section(now: Double, reasons: inout [String]) async -> (StoreStatus, StatusDocument.Overall) {
        var section = StoreStatus(kind: kind, node: node)
        section.synchronous = synchronous
        guard let coordination else { return (section, .ok) }
        section.heartbeatSeconds = heartbeatSeconds
        do {
            let counts = try await coordination.appliedCounts()
            let silentAfter = Self.silentAfterIntervals * heartbeatSeconds
            section.nodes = try await coordination.nodes().map { node in
                let age = max(0, now - node.lastSeenAt)
                let backends = counts.filter { $0.node == node.name }.map {
                    StoreStatus.NodeBackend(name: $0.backend, applied: $0.applied, pending: $0.pending, retrying: $0.retrying, failed: $0.failed)
                }
                return StoreStatus.Node(
                    name: node.name, lastHeartbeat: node.lastSeenAt, ageSeconds: age, startedAt: node.startedAt,
                    version: node.version, silent: age > silentAfter, backends: backends)
            }
            section.leases = try await coordination.leases().map {
                StoreStatus.Lease(name: $0.name, holder: $0.holder, until: $0.expiresAt, expired: $0.expiresAt <= now)
            }
        } catch {
            section.error = "\(error)"
            reasons.append("store: the nodes sharing it could not be read (\(error))")
            return (section, .degraded)
        }
        var overall = StatusDocument.Overall.ok
        for silent in section.nodes ?? [] where silent.silent {
            overall = .degraded
            reasons.append(
                "node \(silent.name): silent, no heartbeat for \(Self.seconds((silent.ageSeconds * 10).rounded(.down) / 10)) s "
                    + "(more than \(Int(Self.silentAfterIntervals)) × \(Self.seconds(heartbeatSeconds)) s)")
        }
        return (section, overall)
    }

    /// `5`, `0.5`: seconds as written in the configuration.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
