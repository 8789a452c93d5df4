/// One zone as this node offers it to peers: present or a tombstone, with its version and owner.
public struct PeerZoneState: Sendable, Equatable {
    public var domain: String
    public var present: Bool
    public var version: ZoneVersion
    public var hostname: String?
    public var username: String?
}

extension PeerZoneState {
    /// What peer sync compares of one stored zone (a tombstone has no content hash).
    public init(_ zone: DesiredZone) {
        self.init(
            domain: zone.domain, present: zone.present,
            version: ZoneVersion(changedAt: zone.changedAt, contentHash: zone.present ? zone.contentHash : nil),
            hostname: zone.hostname, username: zone.username)
    }
}

/// A newer version of a zone learned from a peer, to be stored through `applyFromPeer`.
public struct PeerChange: Sendable {
    /// What the peer holds.
    public enum Content: Sendable {
        /// A zone, validated (source `peer`).
        case zone(ZonePush)
        /// The zone with this hash, which this node holds already (its text was not fetched).
        case sameContent(hash: String)
        /// A tombstone: the zone was deleted at the version's time.
        case deleted
    }

    public var domain: String
    public var version: ZoneVersion
    public var content: Content
    /// The DirectAdmin owner the peer recorded.
    public var hostname: String?
    public var username: String?
    /// The peer's URL, kept in the journal's detail.
    public var peer: String

    public init(domain: String, version: ZoneVersion, content: Content, hostname: String?, username: String?, peer: String) {
        self.domain = domain
        self.version = version
        self.content = content
        self.hostname = hostname
        self.username = username
        self.peer = peer
    }
}

/// What storing a peer's version did.
public enum PeerApplyOutcome: Sendable, Equatable {
    /// The zone was stored at a new generation (backends have work).
    case stored(generation: Int64)
    /// The zone is now deleted at a new generation (or recorded as a tombstone).
    case deleted(generation: Int64)
    /// Same state already held: only the change time (and owner) were taken over.
    case metadata
    /// The local version is as new or newer (a change arrived meanwhile): nothing changed.
    case notNewer
}

extension PeerApplyOutcome {
    /// Whether backends have work from it (the zone was stored or deleted at a new generation).
    public var changesBackends: Bool {
        switch self {
        case .stored, .deleted: true
        case .metadata, .notNewer: false
        }
    }
}

/// The zones changed after a journal cursor, for a peer's delta pass (`peerChanges`).
public struct PeerChangeBatch: Sendable, Equatable {
    /// The current state of each zone with journal entries after the cursor, once each, in the
    /// order of their first such entry. A zone no longer known (its tombstone pruned) is left out.
    public var states: [PeerZoneState]
    /// Where the next delta continues.
    public var cursor: Int64
    /// Whether more entries follow `cursor` (the batch stopped at its limit).
    public var more: Bool

    public init(states: [PeerZoneState], cursor: Int64, more: Bool) {
        self.states = states
        self.cursor = cursor
        self.more = more
    }
}
