import Engine
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
    /// The served-state probe's latest result per backend it asked (none before the first probe).
    public var probe: [ProbeResult]? = nil
}
