import ZoneStore

/// The operator's view, as `/status` serves it (JSON) and `dadns status` prints it.
public struct StatusDocument: Sendable, Codable, Equatable {
    public enum Overall: String, Sendable, Codable, Comparable {
        case ok, degraded, error

        public static func < (left: Overall, right: Overall) -> Bool {
            let order: [Overall] = [.ok, .degraded, .error]
            return order.firstIndex(of: left)! < order.firstIndex(of: right)!
        }
    }

    public struct Backend: Sendable, Codable, Equatable {
        public var name: String
        public var type: String
        public var status: Overall
        public var pending: Int
        public var retrying: Int
        public var failed: Int
        /// Seconds since the oldest change this backend has not applied was accepted.
        public var oldestPendingSeconds: Double?
        public var lastBatch: LaneStatistics.Batch?
        public var lastError: LaneStatistics.Failure?
        @OptionalTimestamp public var lastSuccessAt: Double? = nil
    }

    public struct Healing: Sendable, Codable, Equatable {
        public var status: String
        public var dryRun: Bool?
        public var intervalMinutes: Double?
        @OptionalTimestamp public var lastRun: Double? = nil
        public var passes: Int?
        public var lastResults: [HealReport]?
    }

    /// The reconciler: `disabled`, `enabled`, or `degraded` when the last pass could not ask a
    /// server or its bulk-delete guard tripped; the last pass's figures and full result.
    public struct Reconciliation: Sendable, Codable, Equatable {
        public var status: String
        public var dryRun: Bool?
        public var intervalMinutes: Double?
        public var servers: [String]?
        public var passes: Int?
        @OptionalTimestamp public var lastRun: Double? = nil
        public var serversPolled: Int?
        public var serversUnreachable: [String]?
        public var zonesSeen: Int?
        public var orphans: Int?
        public var deleted: Int?
        public var missing: Int?
        public var fetched: Int?
        public var rejected: Int?
        public var migrated: Int?
        public var backfilled: Int?
        public var lastResult: ReconcileReport?

        public init(status: String) { self.status = status }
    }

    /// Peer sync: `disabled`, `enabled`, or `degraded` when a peer failed
    /// `PeerHealth.failureThreshold` passes in a row; every known peer's health and the last pass.
    public struct PeerSync: Sendable, Codable, Equatable {
        public var status: String
        public var intervalMinutes: Double?
        public var tombstoneDays: Double?
        public var passes: Int?
        @OptionalTimestamp public var lastRun: Double? = nil
        public var peers: [PeerHealth]?
        public var lastResult: PeerSyncReport?

        public init(status: String) { self.status = status }
    }

    /// A part that does not exist yet or is switched off.
    public struct Section: Sendable, Codable, Equatable {
        public var status: String
        public init(status: String) { self.status = status }
    }

    public var status: Overall
    public var reasons: [String]
    public var version: String
    @Timestamp public var startedAt: Double
    public var uptimeSeconds: Double
    public var draining: Bool
    public var zones: Int
    public var backends: [Backend]
    public var healing: Healing
    public var reconciler: Reconciliation
    public var peerSync: PeerSync
    /// The local spool; absent unless the datastore is shared (mysql).
    public var spool: Spool? = nil
    /// The store and, when several nodes share it, every node (`StoreStatus`); nil from a
    /// daemon that does not say.
    public var store: StoreStatus?
    /// The served-state probe; nil from a daemon that does not say.
    public var probe: Probe? = nil
}
