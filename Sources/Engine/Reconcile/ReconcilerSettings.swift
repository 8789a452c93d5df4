import DirectAdmin

/// How the reconciler works (`reconciliation.*`).
public struct ReconcilerSettings: Sendable {
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

    public init(
        servers: [DirectAdminServer], dryRun: Bool = false, itemsPerPage: Int = 1000, verifyCertificates: Bool = true,
        timeout: Duration = .seconds(30), maxDeleteShare: Double = 0.1, maxDeleteFloor: Int = 0, fetchMissing: Bool = true,
        fetchesPerSecond: Double = 5
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
