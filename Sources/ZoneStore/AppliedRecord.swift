import GRDB

/// A row of `applied`: what one backend was sent of one zone, and how it went.
struct AppliedRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "applied"

    /// The pair's state as stored (`ok` in a row means "held the generation it applied").
    enum Status: String, Codable, Sendable {
        case pending, ok, retrying, failed
    }

    var backend: String
    var domain: String
    var appliedGeneration: Int64 = 0
    var appliedHash: String? = nil
    var status: Status = .pending
    var attempts: Int = 0
    var nextAttemptAt: Double? = nil
    var lastAttemptAt: Double? = nil
    var lastError: String? = nil
    var lastVerifiedAt: Double? = nil

    enum CodingKeys: String, CodingKey {
        case backend, domain, status, attempts
        case appliedGeneration = "applied_generation", appliedHash = "applied_hash", nextAttemptAt = "next_attempt_at"
        case lastAttemptAt = "last_attempt_at", lastError = "last_error", lastVerifiedAt = "last_verified_at"
    }

    /// A `pending` pair at generation 0, unless the pair exists (it keeps its state). Cached:
    /// one per zone a batch sends for the first time.
    static func insertPending(backend: String, domain: String, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO applied (backend, domain, applied_generation, status, attempts)
                VALUES (?, ?, 0, 'pending', 0) ON CONFLICT(backend, domain) DO NOTHING
                """
        ).execute(arguments: [backend, domain])
    }

    /// A newer generation of `domain` supersedes the retry schedule of the older one, on every
    /// backend.
    static func resetAttempts(of domain: String, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE applied SET status = 'pending', attempts = 0, next_attempt_at = NULL WHERE domain = ?")
            .execute(arguments: [domain])
    }
}
