/// One kept version of a zone's text (`zone_history`), without the text: what `dadns zone
/// history` lists. Every upsert of a present zone records one, in the change's transaction;
/// tombstones are not versions.
public struct ZoneHistoryEntry: Sendable, Equatable, Codable {
    public var domain: String
    public var generation: Int64
    /// Who made this version: `directadmin`, `peer`, `reconciler`, `cli` (an operator), `import`.
    public var source: String
    /// The DirectAdmin host and user of the push, when it named them.
    public var hostname: String?
    public var username: String?
    /// SHA-256 of the canonical text, hex.
    public var contentHash: String
    public var serial: UInt32?
    public var recordCount: Int
    /// When DirectAdmin's change reached the node that first accepted it (seconds since 1970).
    public var changedAt: Double
    /// When this store accepted it.
    public var acceptedAt: Double
}

/// One version with its canonical text.
public struct ZoneHistoryVersion: Sendable, Equatable, Codable {
    public var entry: ZoneHistoryEntry
    public var text: String
}

extension ZoneUpsert {
    /// The version this write keeps in `zone_history`: every new generation of a present zone.
    public var historyVersion: ZoneHistoryVersion? {
        guard let content else { return nil }
        return ZoneHistoryVersion(
            entry: ZoneHistoryEntry(
                domain: domain, generation: generation, source: content.source.rawValue, hostname: content.hostname,
                username: content.username, contentHash: content.contentHash, serial: content.serial,
                recordCount: content.recordCount, changedAt: changedAt, acceptedAt: at),
            text: content.canonicalText)
    }
}
