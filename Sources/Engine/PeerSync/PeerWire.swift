import Foundation
import ZoneStore

/// One entry of `GET /internal/zones`. The reference's fields (`domain`, `zone_updated_at`,
/// `hostname`, `username`) keep their names so mixed clusters can read each other; ours are
/// added: `changed_at` (the change time, seconds since 1970), `content_hash` (SHA-256 of the
/// canonical text, absent for a tombstone) and `deleted` (a tombstone: the zone was deleted at
/// `changed_at`).
public struct PeerZoneListingEntry: Codable, Sendable, Equatable {
    public var domain: String
    /// `changed_at` as ISO 8601 in UTC without a zone suffix, as the reference writes it.
    public var zoneUpdatedAt: String?
    public var hostname: String?
    public var username: String?
    public var changedAt: Double?
    public var contentHash: String?
    public var deleted: Bool?

    /// The entry this node lists for `state`: a tombstone lists no hash.
    public init(_ state: PeerZoneState) {
        domain = state.domain
        zoneUpdatedAt = PeerTimestamp.format(state.version.changedAt)
        hostname = state.hostname
        username = state.username
        changedAt = state.version.changedAt
        contentHash = state.present ? state.version.contentHash : nil
        deleted = !state.present
    }

    enum CodingKeys: String, CodingKey {
        case domain, hostname, username, deleted
        case zoneUpdatedAt = "zone_updated_at"
        case changedAt = "changed_at"
        case contentHash = "content_hash"
    }
}

/// `GET /internal/changes?since=N`: the zones changed after journal cursor N (their listing
/// entries, as `/internal/zones` lists them) and the cursor to ask from next; without `since`,
/// only the current cursor (where a full listing read now starts). `full_listing_needed`: the
/// cursor cannot be continued (entries after it were pruned, or it is not this node's), read
/// `/internal/zones` and go on from `cursor`. `more`: ask again from `cursor` for the rest.
public struct PeerChangesDocument: Codable, Sendable, Equatable {
    public var cursor: Int64
    public var changes: [PeerZoneListingEntry]
    public var more: Bool
    public var fullListingNeeded: Bool

    public init(cursor: Int64, changes: [PeerZoneListingEntry] = [], more: Bool = false, fullListingNeeded: Bool = false) {
        self.cursor = cursor
        self.changes = changes
        self.more = more
        self.fullListingNeeded = fullListingNeeded
    }

    enum CodingKeys: String, CodingKey {
        case cursor, changes, more
        case fullListingNeeded = "full_listing_needed"
    }
}

/// `GET /internal/zones?domain=D`: one present zone with its text (`zone_data`).
public struct PeerZoneDocument: Codable, Sendable, Equatable {
    public var domain: String
    public var zoneData: String?
    public var zoneUpdatedAt: String?
    public var hostname: String?
    public var username: String?
    public var changedAt: Double?
    public var contentHash: String?

    /// The document this node serves for `zone`; nil unless the zone is present with its text.
    public init?(_ zone: DesiredZone) {
        guard zone.present, let text = zone.canonicalText else { return nil }
        domain = zone.domain
        zoneData = text
        zoneUpdatedAt = PeerTimestamp.format(zone.changedAt)
        hostname = zone.hostname
        username = zone.username
        changedAt = zone.changedAt
        contentHash = zone.contentHash
    }

    enum CodingKeys: String, CodingKey {
        case domain, hostname, username
        case zoneData = "zone_data"
        case zoneUpdatedAt = "zone_updated_at"
        case changedAt = "changed_at"
        case contentHash = "content_hash"
    }
}

/// `zone_updated_at` text: `2024-05-01T12:00:00.123456` (UTC, microseconds, no suffix — the
/// reference compares naive datetimes). Parsing also accepts a `Z` or `+00:00` suffix and no fraction.
public enum PeerTimestamp {
    public static func format(_ seconds: Double) -> String {
        var whole = time_t(seconds.rounded(.down))
        var micros = Int(((seconds - Double(whole)) * 1_000_000).rounded())
        if micros >= 1_000_000 {
            whole += 1
            micros -= 1_000_000
        }
        var parts = tm()
        gmtime_r(&whole, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), micros)
    }

    public static func parse(_ text: String) -> Double? {
        var body = Substring(text)
        if body.hasSuffix("Z") { body = body.dropLast() } else if body.hasSuffix("+00:00") { body = body.dropLast(6) }
        let halves = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let fields = halves[0].split(whereSeparator: { $0 == "-" || $0 == "T" || $0 == ":" || $0 == " " })
        guard fields.count == 6, halves[0].count == 19 else { return nil }
        let numbers = fields.compactMap { Int($0) }
        guard numbers.count == 6, (1970...9999).contains(numbers[0]), (1...12).contains(numbers[1]), (1...31).contains(numbers[2]),
            (0...23).contains(numbers[3]), (0...59).contains(numbers[4]), (0...60).contains(numbers[5])
        else { return nil }
        var fraction = 0.0
        if halves.count == 2 {
            guard !halves[1].isEmpty, halves[1].count <= 9, halves[1].allSatisfy(\.isNumber), let value = Double("0." + halves[1])
            else { return nil }
            fraction = value
        }
        var parts = tm()
        parts.tm_year = Int32(numbers[0] - 1900)
        parts.tm_mon = Int32(numbers[1] - 1)
        parts.tm_mday = Int32(numbers[2])
        parts.tm_hour = Int32(numbers[3])
        parts.tm_min = Int32(numbers[4])
        parts.tm_sec = Int32(numbers[5])
        return Double(timegm(&parts)) + fraction
    }
}
