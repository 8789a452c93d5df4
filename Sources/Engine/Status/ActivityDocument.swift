import ZoneStore

/// `GET /api/activity`: what this node did per minute over the last 24 hours, oldest minute
/// first, as series of equal length (one value per minute).
public struct ActivityDocument: Codable, Sendable, Equatable {
    /// One backend's zones per minute.
    public struct Backend: Codable, Sendable, Equatable {
        public var name: String
        /// Zones (changes and deletes) applied.
        public var applied: [Int]
        /// Attempts that failed.
        public var failed: [Int]
    }

    /// Push-to-applied latency per minute, over every backend: from a change's acceptance to its
    /// apply on one backend, in seconds; null for a minute in which nothing applied.
    public struct Latency: Codable, Sendable, Equatable {
        /// Applies measured in the minute.
        public var count: [Int]
        public var p50: [Double?]
        public var p95: [Double?]
        public var max: [Double?]
    }

    /// Seconds per value (60).
    public var stepSeconds: Int
    /// The start of the first minute.
    @Timestamp public var start: Double
    /// DirectAdmin saves and deletes this node accepted (stored), unchanged saves included.
    public var pushes: [Int]
    public var backends: [Backend]
    public var latency: Latency

    /// How many minutes the series hold.
    public var minutes: Int { pushes.count }
}
