/// How peer sync works (`peer_sync.*`).
public struct PeerSyncSettings: Sendable, Equatable {
    /// Peers from the configuration and the environment, in that order, without duplicates.
    public var peers: [PeerEndpoint]
    /// Minutes between passes (shown in `/status`).
    public var intervalMinutes: Double
    /// Time limit of each call to a peer.
    public var timeout: Duration
    /// Tombstones older than this many days are removed (once every backend applied them).
    public var tombstoneDays: Double
    /// Most zone texts fetched from one peer at once.
    public var fetchConcurrency: Int
    /// Add the peers other peers list in `/internal/peers`.
    public var gossip: Bool
    /// Most peers known at once (configured and gossiped): a peer cannot make this node call
    /// an unbounded number of addresses.
    public var maxPeers: Int
    /// This node's own URLs as peers know it (normalized): never added as a peer.
    public var selfURLs: Set<String>
    /// This node's listening port: a loopback URL on it is this node too.
    public var listenPort: Int?
    public var verifyCertificates: Bool

    /// Defaults the initializer shares with the `peer_sync.*` keys.
    public enum Defaults {
        public static let intervalMinutes: Double = 15
        public static let timeoutSeconds: Double = 10
        public static let tombstoneDays: Double = 30
        public static let fetchConcurrency = 8
        public static let gossip = true
        public static let maxPeers = 64
        public static let verifyCertificates = true
    }

    public init(
        peers: [PeerEndpoint], intervalMinutes: Double = Defaults.intervalMinutes,
        timeout: Duration = .seconds(Defaults.timeoutSeconds), tombstoneDays: Double = Defaults.tombstoneDays,
        fetchConcurrency: Int = Defaults.fetchConcurrency, gossip: Bool = Defaults.gossip, maxPeers: Int = Defaults.maxPeers,
        selfURLs: Set<String> = [], listenPort: Int? = nil, verifyCertificates: Bool = Defaults.verifyCertificates
    ) {
        self.peers = peers
        self.intervalMinutes = intervalMinutes
        self.timeout = timeout
        self.tombstoneDays = tombstoneDays
        self.fetchConcurrency = max(1, fetchConcurrency)
        self.gossip = gossip
        self.maxPeers = max(1, maxPeers)
        self.selfURLs = selfURLs
        self.listenPort = listenPort
        self.verifyCertificates = verifyCertificates
    }
}
