import ZoneStore

/// What one reconciliation pass found and did, per DirectAdmin server and in total. Shown in
/// `/status` (`reconciler.last_result`) and by `dadns resync`.
public struct ReconcileReport: Sendable, Equatable, Codable {
    /// One server's part of the pass.
    public struct Server: Sendable, Equatable, Codable {
        public var hostname: String
        /// False when the server could not be asked or answered garbage: its zones were skipped.
        public var reachable = false
        public var error: String?
        /// Valid domains it listed.
        public var zonesSeen = 0
        /// Entries it listed that are not valid domain names (ignored).
        public var invalidNames: [String] = []
        /// Present zones in the store owned by it.
        public var owned = 0
        /// Zones it owns here but no longer has.
        public var orphans: [String] = []
        /// Orphans deleted (0 in dry-run or when the bulk guard tripped).
        public var deleted = 0
        /// Why no orphan was deleted although some were found.
        public var guardReason: String?
        /// Zones it has that the store does not.
        public var missing: [String] = []
        /// Zones fetched from it and stored (new or changed).
        public var fetched = 0
        /// Zones fetched that were already held exactly so.
        public var unchanged = 0
        /// Zone texts refused by validation, with the reason.
        public var rejected: [String] = []
        /// Zones that could not be fetched, with the reason.
        public var fetchFailed: [String] = []
        /// Zones it lists that another server owns here (a resync leaves them).
        public var skipped: [String] = []

        public init(hostname: String) { self.hostname = hostname }
    }

    @Timestamp public var startedAt: Double
    @Timestamp public var finishedAt: Double
    public var dryRun: Bool
    public var servers: [Server]
    /// Zones whose missing owner was filled in from a server that lists them.
    public var backfilled: [String] = []
    /// Zones whose owner changed to the server that lists them now (`domain: old -> new`).
    public var migrated: [String] = []

    public init(startedAt: Double, finishedAt: Double, dryRun: Bool, servers: [Server]) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.dryRun = dryRun
        self.servers = servers
    }

    public var serversPolled: Int { servers.count }
    public var unreachable: [String] { servers.filter { !$0.reachable }.map(\.hostname) }
    public var zonesSeen: Int { servers.reduce(0) { $0 + $1.zonesSeen } }
    public var orphans: Int { servers.reduce(0) { $0 + $1.orphans.count } }
    public var deleted: Int { servers.reduce(0) { $0 + $1.deleted } }
    public var missing: Int { servers.reduce(0) { $0 + $1.missing.count } }
    public var fetched: Int { servers.reduce(0) { $0 + $1.fetched } }
    public var rejected: Int { servers.reduce(0) { $0 + $1.rejected.count } }
}
