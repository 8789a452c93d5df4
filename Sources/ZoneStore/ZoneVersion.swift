/// Which of two versions of a zone is newer, the same on every node: the later change time
/// (when DirectAdmin's push or delete reached the node that first accepted it) wins; at equal
/// times the larger content hash wins. A tombstone (deleted zone) has the empty hash, so it
/// competes by its delete time like any other version. Never ordered by when a node looked.
public struct ZoneVersion: Sendable, Hashable, Comparable, Codable {
    /// Seconds since 1970.
    public var changedAt: Double
    /// SHA-256 of the canonical zone text, hex; empty for a tombstone.
    public var contentHash: String

    public init(changedAt: Double, contentHash: String?) {
        self.changedAt = changedAt
        self.contentHash = contentHash ?? ""
    }

    public var isTombstone: Bool { contentHash.isEmpty }

    public static func < (left: ZoneVersion, right: ZoneVersion) -> Bool {
        if left.changedAt != right.changedAt { return left.changedAt < right.changedAt }
        return left.contentHash < right.contentHash
    }
}
