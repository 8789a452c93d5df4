import ZoneStore

/// `dadns zone history D`, `GET /api/zones/D/history`: the kept versions of a zone, newest first.
public struct ZoneHistoryListing: Codable, Sendable, Equatable {
    public var domain: String
    /// The zone's generation now, and whether it is present (a deleted zone keeps its versions
    /// until its tombstone is pruned).
    public var generation: Int64
    public var present: Bool
    public var versions: [ZoneHistoryEntry]
}

/// `dadns zone diff D [FROM [TO]]`, `GET /api/zones/D/diff`: a unified diff of the records of
/// two versions in canonical form (empty when they hold the same records).
public struct ZoneDiffDocument: Codable, Sendable, Equatable {
    public var domain: String
    public var from: Int64
    public var to: Int64
    public var diff: String
}

/// `dadns zone rollback D --to GEN`, `POST /api/zones/D/rollback?to=GEN`.
public struct RollbackResult: Codable, Sendable, Equatable {
    public var domain: String
    /// The version stored again.
    public var rolledBackTo: Int64
    /// The zone's generation afterwards.
    public var generation: Int64
    /// False when the zone already held that version's records (nothing to fan out).
    public var changed: Bool
    /// Set when the restored serial is not above the one the zone had: secondaries that
    /// transfer by serial will not fetch the rolled-back zone.
    public var serialWarning: String?
}

/// A history query or rollback the operator API refuses, in the operator's terms.
public enum ZoneHistoryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The store keeps no such version of the zone.
    case unknownVersion(String, generation: Int64)
    /// The zone is deleted: a rollback does not restore it.
    case zoneDeleted(String)
    /// Fewer than two versions are kept, so a diff has nothing to compare with.
    case nothingToCompare(String)
    /// A version's text does not parse as a zone (it was stored by a dadns with other rules).
    case unreadableVersion(String, generation: Int64, reason: String)

    public var description: String {
        switch self {
        case .unknownVersion(let domain, let generation):
            return "\(domain) has no kept version at generation \(generation) (see `dadns zone history \(domain)`)"
        case .zoneDeleted(let domain):
            return "\(domain) is deleted: a rollback does not restore a deleted zone; push it again from DirectAdmin"
        case .nothingToCompare(let domain):
            return "\(domain) has fewer than two kept versions to compare"
        case .unreadableVersion(let domain, let generation, let reason):
            return "\(domain) generation \(generation) does not parse: \(reason)"
        }
    }
}
