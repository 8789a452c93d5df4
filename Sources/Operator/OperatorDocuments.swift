import ZoneStore

/// `/api/zones`: zones (no filter) or pairs (filtered by backend or state).
public struct ZoneListing: Codable, Sendable {
    public var zones: [ZoneSummary]?
    public var pairs: [PairState]?
}

/// `/api/zones/<domain>`: the desired zone, its pairs and its journal.
public struct ZoneDetail: Codable, Sendable {
    public var zone: DesiredZone
    public var pairs: [PairState]
    public var history: [JournalEntry]
}
