import ZoneStore

/// What one peer-sync pass did, per peer. Shown in `/status` (`peerSync.lastResult`).
public struct PeerSyncReport: Sendable, Equatable, Codable {
    /// One peer's part of the pass.
    public struct Peer: Sendable, Equatable, Codable {
        public var url: String
        /// False when the peer could not be asked or its listing was garbage: nothing changed.
        public var ok = false
        public var error: String?
        /// Entries in its listing (zones and tombstones), or in its delta.
        public var listed = 0
        /// `full` (the peer's whole listing) or `delta` (its changes since the last pass); nil
        /// when the peer could not be asked (optional, as in an older daemon's report).
        public var listing: String?
        /// Bytes of the listing or delta read (zone texts fetched are not counted).
        public var listingBytes: Int?
        /// Entries newer than what this node holds.
        public var newer = 0
        /// Zones stored from it (new generation).
        public var pulled = 0
        /// Zones deleted here because its tombstone was newer.
        public var deleted = 0
        /// Same content already held; only the change time or owner was taken over.
        public var metadataOnly = 0
        /// Newer when listed, but a local change arrived before it could be stored.
        public var superseded = 0
        /// Entries or zone texts refused, with the reason (the first `maxListed`).
        public var rejected: [String] = []
        /// How many were refused in all.
        public var rejectedCount = 0
        /// Zone texts that could not be fetched, with the reason.
        public var fetchFailed: [String] = []
        /// Peers it told us about that were added.
        public var discovered: [String] = []

        /// Most reasons kept per list.
        public static let maxListed = 50

        public init(url: String) { self.url = url }
    }

    @Timestamp public var startedAt: Double
    @Timestamp public var finishedAt: Double
    public var peers: [Peer]
    /// Tombstones removed for being older than `peer_sync.tombstone_days`.
    public var tombstonesPruned = 0

    public init(startedAt: Double, finishedAt: Double, peers: [Peer]) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.peers = peers
    }

    public var pulled: Int { peers.reduce(0) { $0 + $1.pulled } }
    public var deleted: Int { peers.reduce(0) { $0 + $1.deleted } }
    public var rejected: Int { peers.reduce(0) { $0 + $1.rejectedCount } }
}
