/// Where a change came from.
public enum ChangeSource: String, Sendable, Codable {
    case directAdmin = "directadmin"
    case reconciler
    case peer
    case operatorCLI = "cli"
    /// `dadns store import-reference`: a zone from the reference project's datastore.
    case importer = "import"
}

/// A zone push as the receiver accepted it: already validated and printed canonically.
public struct ZonePush: Sendable {
    public var domain: String
    public var canonicalText: String
    public var recordCount: Int
    public var contentHash: String
    public var serial: UInt32?
    public var hostname: String?
    public var username: String?
    public var clientAddress: String?
    public var source: ChangeSource

    public init(
        domain: String, canonicalText: String, recordCount: Int, contentHash: String, serial: UInt32?,
        hostname: String?, username: String?, clientAddress: String?, source: ChangeSource
    ) {
        self.domain = domain
        self.canonicalText = canonicalText
        self.recordCount = recordCount
        self.contentHash = contentHash
        self.serial = serial
        self.hostname = hostname
        self.username = username
        self.clientAddress = clientAddress
        self.source = source
    }
}

/// What a push did to the desired state (made only by `DesiredStateRules`).
public struct PushOutcome: Sendable, Equatable {
    /// The zone's generation after the push.
    public var generation: Int64
    /// False when the zone already had exactly this content and owner (no backend work).
    public var changed: Bool
    /// The DirectAdmin host that owned the zone before, when the push moved it to another.
    public var previousOwner: String?
    /// For a zone present before whose content changed: the serial it had (nil when it had none).
    /// Equal to the push's serial means secondaries that transfer by serial will not notice.
    public var previousSerial: UInt32? = nil
}

/// What a delete did.
public enum DeleteOutcome: Sendable, Equatable {
    /// The zone is now absent at this generation.
    case deleted(generation: Int64)
    /// The zone was not present; nothing changed.
    case notPresent
    /// The zone belongs to another DirectAdmin host; nothing changed.
    case refused(owner: String)
}

/// The desired state of one zone.
public struct DesiredZone: Sendable, Equatable, Codable {
    public var domain: String
    public var generation: Int64
    public var present: Bool
    public var canonicalText: String?
    public var recordCount: Int
    public var contentHash: String?
    public var serial: UInt32?
    public var hostname: String?
    public var username: String?
    /// When this node accepted the change (seconds since 1970).
    @Timestamp public var updatedAt: Double
    /// When DirectAdmin's change reached the node that first accepted it (seconds since 1970):
    /// equal to `updatedAt` for changes made here, the peer's time for zones copied from a peer.
    @Timestamp public var changedAt: Double
}
/// One change in the journal.
public struct JournalEntry: Sendable, Equatable, Codable {
    @Timestamp public var at: Double
    public var action: String
    public var generation: Int64
    public var source: String
    public var hostname: String?
    public var detail: String?
}

/// A zone in a listing: its desired state in brief.
public struct ZoneSummary: Sendable, Equatable, Codable {
    public var domain: String
    public var generation: Int64
    public var present: Bool
    public var recordCount: Int
    public var serial: UInt32?
    public var hostname: String?
    public var username: String?
    @Timestamp public var updatedAt: Double
}

extension ZoneSummary {
    /// The summary of one stored zone, as the zone listing shows it.
    public init(_ zone: DesiredZone) {
        self.init(
            domain: zone.domain, generation: zone.generation, present: zone.present, recordCount: zone.recordCount,
            serial: zone.serial, hostname: zone.hostname, username: zone.username, updatedAt: zone.updatedAt)
    }
}
