import MariaDB

/// When a transaction that failed is run again, and when a failure is the database's (its
/// write health) rather than the change's.
///
/// Retried, as a whole transaction after a rollback, with exponential backoff and jitter (two
/// nodes that collided do not collide again in step):
/// - 1213 ER_LOCK_DEADLOCK — InnoDB deadlocks, and Galera certification failures, which a
///   Galera node reports with this code (`wsrep` conflict);
/// - 1205 ER_LOCK_WAIT_TIMEOUT — InnoDB rolls back only the statement; the store rolls back
///   the whole transaction before running it again;
/// - 1047 ER_UNKNOWN_COM_ERROR — what a Galera node that is not synced ("WSREP has not yet
///   prepared node for application use") answers to every statement.
public struct MariaDBTransactionRetry: Sendable {
    /// How many times a transaction runs at most.
    public var attempts: Int
    /// The first delay, doubled each time up to `maximumDelay`, then scaled by a random factor
    /// in 0.5…1.5.
    public var firstDelay: Duration
    public var maximumDelay: Duration

    public init(attempts: Int = 12, firstDelay: Duration = .milliseconds(5), maximumDelay: Duration = .milliseconds(500)) {
        self.attempts = max(attempts, 1)
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
    }

    /// Error numbers after which the whole transaction runs again.
    public static let retryableCodes: Set<UInt32> = [1213, 1205, 1047]

    /// Error numbers that mean the database cannot take a write now (the store's write health):
    /// unreachable or lost, read-only, disk or table full, access denied, storage engine errors.
    public static let storageFailureCodes: Set<UInt32> =
        MariaDBErrorCode.cannotConnect.union(MariaDBErrorCode.connectionLost)
        .union([1021, 1030, 1036, 1045, 1047, 1114, 1180, 1290, 1792, 1799])

    /// Error numbers that mean the database could not be reached, rather than that it answered
    /// and refused: cannot connect (refused, or the connect timeout: 2002, 2003), the connection
    /// lost or the server gone (2006, 2013, 2055, 1927, 1053, 2014), and a Galera node cut off
    /// from its cluster (1047, after the retries). A change DirectAdmin sent then waits in the
    /// node's spool (`SpoolingZoneStore`); a read-only or full database, a refused login or a
    /// rule of the store (a foreign owner's delete) are not this.
    public static let unreachableCodes: Set<UInt32> = MariaDBErrorCode.cannotConnect.union(MariaDBErrorCode.connectionLost).union([1047])

    /// Whether `error` means the database could not be reached (see `unreachableCodes`).
    public static func isUnreachable(_ error: any Error) -> Bool {
        guard let error = error as? MariaDBError else { return false }
        if error == .notConnected { return true }
        return error.code.map { unreachableCodes.contains($0) } ?? false
    }

    static func isRetryable(_ error: any Error) -> Bool {
        (error as? MariaDBError)?.code.map { retryableCodes.contains($0) } ?? false
    }

    static func isStorageFailure(_ error: any Error) -> Bool {
        guard let error = error as? MariaDBError else { return false }
        if error == .notConnected { return true }
        return error.code.map { storageFailureCodes.contains($0) } ?? false
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1).
    func delay(after attempt: Int) -> Duration {
        var delay = firstDelay
        for _ in 1..<max(attempt, 1) where delay < maximumDelay { delay *= 2 }
        return min(delay, maximumDelay) * Double.random(in: 0.5...1.5)
    }
}

/// A retryable failure carried out of `MariaDBPool.withConnection` in a wrapper, so that the
/// pool's own immediate deadlock retry leaves it to the store's retry with backoff.
struct RetryableConflict: Error {
    let error: MariaDBError
}
