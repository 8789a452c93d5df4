import ZoneStore

/// What this node knows about one peer's health, kept across passes (`/status` → `peerSync.peers`).
public struct PeerHealth: Sendable, Codable, Equatable {
    /// Consecutive failed passes after which a peer is degraded.
    public static let failureThreshold = 3

    public var url: String
    public var origin: PeerEndpoint.Origin
    public var discoveredVia: String?
    /// False after `failureThreshold` consecutive failed passes, until the next success.
    public var healthy = true
    public var consecutiveFailures = 0
    /// The last time a pass from this peer succeeded (seconds since 1970).
    @OptionalTimestamp public var lastSeen: Double? = nil
    @OptionalTimestamp public var lastAttempt: Double? = nil
    public var lastError: String?
    /// Zones stored from this peer since start (new or newer versions).
    public var zonesPulled = 0
    /// Deletes (tombstones) taken from this peer since start.
    public var zonesDeleted = 0
    /// Entries or zone texts from this peer refused since start; the last reason.
    public var zonesRejected = 0
    public var lastRejection: String?

    public init(url: String, origin: PeerEndpoint.Origin, discoveredVia: String?) {
        self.url = url
        self.origin = origin
        self.discoveredVia = discoveredVia
    }
}
