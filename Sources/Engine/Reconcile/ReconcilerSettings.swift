import DirectAdmin

/// How the reconciler works (`reconciliation.*`).
public struct ReconcilerSettings: Sendable, Equatable {
    public var servers: [DirectAdminServer]
    /// Only log what a pass would delete or fetch. Owner backfill and migration still commit,
    /// as in the reference.
    public var dryRun: Bool
    /// Items per page for `CMD_DNS_ADMIN`.
    public var itemsPerPage: Int
    public var verifyCertificates: Bool
    /// Time limit of each call to DirectAdmin.
    public var timeout: Duration
    /// A pass that would delete more than this share (0…1) of a server's zones deletes none.
    public var maxDeleteShare: Double
    /// A pass may always delete this many of a server's zones, whatever the share.
    public var maxDeleteFloor: Int
    /// Fetch zones DirectAdmin has and the store lacks.
    public var fetchMissing: Bool
    /// Most zone fetches per second from one server.
    public var fetchesPerSecond: Double

    /// Defaults the initializer shares with the `reconciliation.*` keys.
    public enum Defaults {
        public static let dryRun = false
        public static let itemsPerPage = DirectAdminClient.Defaults.itemsPerPage
        public static let verifyCertificates = true
        public static let timeoutSeconds = DirectAdminClient.Defaults.timeoutSeconds
        public static let maxDeleteShare = 0.1
        public static let maxDeleteFloor = 0
        public static let fetchMissing = true
        public static let fetchesPerSecond: Double = 5
    }

    public init(
        servers: [DirectAdminServer], dryRun: Bool = Defaults.dryRun, itemsPerPage: Int = Defaults.itemsPerPage,
        verifyCertificates: Bool = Defaults.verifyCertificates, timeout: Duration = .seconds(Defaults.timeoutSeconds),
        maxDeleteShare: Double = Defaults.maxDeleteShare, maxDeleteFloor: Int = Defaults.maxDeleteFloor,
        fetchMissing: Bool = Defaults.fetchMissing, fetchesPerSecond: Double = Defaults.fetchesPerSecond
    ) {
        self.servers = servers
        self.dryRun = dryRun
        self.itemsPerPage = itemsPerPage
        self.verifyCertificates = verifyCertificates
        self.timeout = timeout
        self.maxDeleteShare = maxDeleteShare
        self.maxDeleteFloor = maxDeleteFloor
        self.fetchMissing = fetchMissing
        self.fetchesPerSecond = fetchesPerSecond
    }

    /// The most orphans of a server owning `owned` zones a pass may delete.
    public func deleteAllowance(owned: Int) -> Int {
        max(maxDeleteFloor, Int((Double(owned) * maxDeleteShare).rounded(.down)))
    }
}
