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

    public init(
        domain: String, generation: Int64, present: Bool, canonicalText: String?, contentHash: String?, attempts: Int,
        changedAt: Double, tracked: Bool
    ) {
        self.domain = domain
        self.generation = generation
        self.present = present
        self.canonicalText = canonicalText
        self.contentHash = contentHash
        self.attempts = attempts
        self.changedAt = changedAt
        self.tracked = tracked
    }
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
    public var pending: Int
    /// Zones that failed and wait for their next scheduled attempt.
    public var retrying: Int
    /// Zones whose retry schedule is used up: still retried at its last interval, at once by
    /// `dadns retry` or when the backend applies zones again.
    public var failed: Int
    /// When the oldest change the backend has not applied was accepted (seconds since 1970).
    @OptionalTimestamp public var oldestChangeAt: Double? = nil

    public init(pending: Int = 0, retrying: Int = 0, failed: Int = 0, oldestChangeAt: Double? = nil) {
        self.pending = pending
        self.retrying = retrying
        self.failed = failed
        self.oldestChangeAt = oldestChangeAt
    }
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

    public init(
        backend: String, domain: String, state: State, appliedGeneration: Int64, generation: Int64, attempts: Int,
        nextAttemptAt: Double?, lastAttemptAt: Double?, lastError: String?
    ) {
        self.backend = backend
        self.domain = domain
        self.state = state
        self.appliedGeneration = appliedGeneration
        self.generation = generation
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.lastError = lastError
    }
}
