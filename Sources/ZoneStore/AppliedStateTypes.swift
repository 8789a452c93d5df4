/// A zone a backend has to catch up with.
public struct PendingChange: Sendable, Equatable {
    public var domain: String
    public var generation: Int64
    public var present: Bool
    public var canonicalText: String?
    public var contentHash: String?
    /// Failed attempts so far at bringing this backend to the zone.
    public var attempts: Int
    /// When this generation was accepted (seconds since 1970).
    public var changedAt: Double
    /// Whether the pair has a row: the backend has been sent this zone before (see `markSent`).
    public var tracked: Bool
}

/// What applying one change to one backend came to.
public enum ApplyResult: Sendable, Equatable {
    case applied
    /// Failed; try again at `retryAt`. `scheduleUsedUp`: every delay of the retry schedule has
    /// passed, so the pair is `failed` (still tried again at `retryAt`), else `retrying`.
    case failed(error: String, retryAt: Double, scheduleUsedUp: Bool)
}

/// How far one backend is behind the desired state.
public struct BackendBacklog: Sendable, Equatable, Codable {
    /// Zones waiting for their first attempt at the current generation.
    public var pending: Int = 0
    /// Zones that failed and wait for their next scheduled attempt.
    public var retrying: Int = 0
    /// Zones whose retry schedule is used up: still retried at its last interval, at once by
    /// `dadns retry` or when the backend applies zones again.
    public var failed: Int = 0
    /// When the oldest change the backend has not applied was accepted (seconds since 1970).
    @OptionalTimestamp public var oldestChangeAt: Double? = nil
}

/// The state of one (backend, zone) pair.
public struct PairState: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable, CaseIterable {
        /// The backend holds the current generation.
        case ok
        /// Not yet attempted at the current generation.
        case pending
        case retrying
        case failed
    }

    public var backend: String
    public var domain: String
    public var state: State
    public var appliedGeneration: Int64
    public var generation: Int64
    public var attempts: Int
    @OptionalTimestamp public var nextAttemptAt: Double? = nil
    @OptionalTimestamp public var lastAttemptAt: Double? = nil
    public var lastError: String?
}
