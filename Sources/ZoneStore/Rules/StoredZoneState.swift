/// A zone's row as a change reads it before deciding (on MariaDB under the row's lock): what
/// `DesiredStateRules` needs to know about the version the change replaces.
public struct StoredZoneState: Sendable, Equatable {
    public var generation: Int64
    public var present: Bool
    public var contentHash: String?
    public var hostname: String?
    public var username: String?
    public var serial: Int64?
    /// When the version reached the node that first accepted it; nil in SQLite rows from before v2.
    public var changedAt: Double?
    public var updatedAt: Double

    /// The version peers compare (a row without a change time counts from its last update).
    var version: ZoneVersion { ZoneVersion(changedAt: changedAt ?? updatedAt, contentHash: present ? contentHash : nil) }

    /// The columns a store selects for it, in this order.
    public static let columns = "generation, present, content_hash, da_hostname, da_username, serial, changed_at, updated_at"
}
