/// How peer sync works (`peer_sync.*`).
public struct PeerSyncSettings: Sendable {
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

    public init(
        peers: [PeerEndpoint], intervalMinutes: Double = 15, timeout: Duration = .seconds(10), tombstoneDays: Double = 30,
        fetchConcurrency: Int = 8, gossip: Bool = true, maxPeers: Int = 64, selfURLs: Set<String> = [], listenPort: Int? = nil,
        verifyCertificates: Bool = true
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
