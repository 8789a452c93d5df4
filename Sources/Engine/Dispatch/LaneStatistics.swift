import ZoneStore

/// What a lane has done since the daemon started (kept in memory; the store holds the rest).
public struct LaneStatistics: Sendable, Equatable, Codable {
    /// The most recent batch.
    public struct Batch: Sendable, Equatable, Codable {
        public var size: Int
        public var succeeded: Int
        public var failed: Int
        public var seconds: Double
        public var zonesPerSecond: Double
        @Timestamp public var finishedAt: Double
    }

    /// The most recent failure.
    public struct Failure: Sendable, Equatable, Codable {
        public var domain: String
        public var error: String
        @Timestamp public var at: Double
    }

    public var lastBatch: Batch?
    public var lastError: Failure?
    /// When a batch last applied at least one zone.
    @OptionalTimestamp public var lastSuccessAt: Double? = nil
    /// Since when every batch has failed entirely (nil once one applies a zone): set by a batch
    /// in which every zone failed and that held a zone not failing before (or came before any
    /// success since start). Retries of zones that keep failing alone, while other zones apply,
    /// do not set it: the backend works, those zones do not.
    @OptionalTimestamp public var failingSince: Double? = nil
    public var batches = 0
    public var applied = 0
    public var failures = 0

    public init() {}
}
