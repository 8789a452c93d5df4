/// What one change does to a zone's rows, decided by `DesiredStateRules`: each store carries it
/// out with its own SQL, inside the transaction that read the zone's `StoredZoneState`.
public struct ZoneChange: Sendable {
    /// The write to the zone's row, if any.
    public enum Write: Sendable {
        /// The desired state at a new generation, present with `content`'s text or a tombstone
        /// when nil; also resets every backend's retry schedule of the zone (a newer
        /// generation supersedes an older one's retries).
        case upsert(ZoneUpsert)
        /// No new generation: only the later change time, and the owner when given.
        case metadata(domain: String, changedAt: Double, hostname: String?, username: String?)
        /// No new generation: only the owner host.
        case owner(domain: String, hostname: String)
    }

    public var write: Write?
    /// The journal entry, if the change leaves one.
    public var journal: JournalLine?

    public init(write: Write? = nil, journal: JournalLine? = nil) {
        self.write = write
        self.journal = journal
    }

    /// Nothing written.
    public static let none = ZoneChange()
}

/// The one write of a zone's desired state: inserts the zone or replaces it at `generation`.
/// A present zone's owner is only replaced by a known one (a push without hostname keeps the
/// recorded owner); a tombstone keeps the owner and serial the zone had (`hostname` and
/// `username` only name the owner of a tombstone for a zone never held here).
public struct ZoneUpsert: Sendable {
    public var domain: String
    public var generation: Int64
    /// nil: a tombstone.
    public var content: ZonePush?
    public var hostname: String?
    public var username: String?
    public var clientAddress: String?
    public var at: Double
    public var changedAt: Double
}

/// One journal entry as written (the node that wrote it is the store's to add).
public struct JournalLine: Sendable, Equatable {
    public var at: Double
    public var domain: String
    /// `save`, `delete` or `owner`.
    public var action: String
    public var generation: Int64
    public var source: String
    public var hostname: String? = nil
    public var username: String? = nil
    public var clientAddress: String? = nil
    public var contentHash: String? = nil
    public var detail: String? = nil
}

extension JournalLine {
    /// The entry of a push (or of a peer's zone, recorded as a push from `peer`).
    init(_ push: ZonePush, action: String, generation: Int64, detail: String?, at now: Double) {
        self.init(
            at: now, domain: push.domain, action: action, generation: generation, source: push.source.rawValue,
            hostname: push.hostname, username: push.username, clientAddress: push.clientAddress,
            contentHash: push.contentHash, detail: detail)
    }
}
