import Foundation

/// Failed Basic-auth logins per client address. After `limit` failures within `window` seconds,
/// the address is blocked for `blockSeconds`: every request from it (a correct login too) is
/// answered 429 until then. Other addresses are not affected.
///
/// Memory is bounded: at most `capacity` addresses are tracked. When the table is full, entries
/// that no longer matter (no failure inside the window, no block running) go first; if all still
/// matter, the unblocked one whose last failure is oldest goes (a block is kept over a count). An
/// attacker with many addresses can thus push out old counts, never grow the table.
public final class LoginFailureLimiter: @unchecked Sendable {
    /// What a failure did.
    public enum Verdict: Equatable, Sendable {
        /// Counted; the address is not blocked (yet).
        case counted
        /// This failure blocked the address until `until` (seconds since 1970): log it once.
        case blocked(until: Double)
    }

    public let limit: Int
    public let window: Double
    public let blockSeconds: Double
    public let capacity: Int

    private struct Entry {
        /// Times of the latest failures, at most `limit`, oldest first.
        var failures: [Double] = []
        var blockedUntil: Double = 0
        var lastFailure: Double { failures.last ?? 0 }
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    public init(limit: Int = 10, window: Double = 60, blockSeconds: Double = 60, capacity: Int = 4096) {
        self.limit = max(1, limit)
        self.window = window
        self.blockSeconds = blockSeconds
        self.capacity = max(1, capacity)
    }

    /// The seconds left of the block on `address` (rounded up, at least 1), nil when not blocked.
    public func blockedFor(_ address: String, at now: Double) -> Int? {
        lock.withLock {
            guard let until = entries[address]?.blockedUntil, until > now else { return nil }
            return max(1, Int((until - now).rounded(.up)))
        }
    }

    /// Records a failed login from `address`.
    public func recordFailure(_ address: String, at now: Double) -> Verdict {
        lock.withLock {
            if entries[address] == nil, entries.count >= capacity { makeRoom(at: now) }
            var entry = entries[address] ?? Entry()
            entry.failures.append(now)
            if entry.failures.count > limit { entry.failures.removeFirst(entry.failures.count - limit) }
            var verdict = Verdict.counted
            if entry.blockedUntil <= now, entry.failures.count == limit, let first = entry.failures.first, now - first < window {
                entry.blockedUntil = now + blockSeconds
                entry.failures.removeAll()
                verdict = .blocked(until: entry.blockedUntil)
            }
            entries[address] = entry
            return verdict
        }
    }

    /// How many addresses are tracked (for tests and the bound).
    public var trackedAddresses: Int { lock.withLock { entries.count } }

    /// Drops entries that no longer matter; if none, one as described above.
    private func makeRoom(at now: Double) {
        entries = entries.filter { $0.value.blockedUntil > now || now - $0.value.lastFailure < window }
        guard entries.count >= capacity else { return }
        // Blocks are kept over counts: flooding the table must not lift a block.
        let victim =
            entries.filter { $0.value.blockedUntil <= now }.min(by: { $0.value.lastFailure < $1.value.lastFailure })?.key
            ?? entries.min(by: { $0.value.blockedUntil < $1.value.blockedUntil })?.key
        if let victim { entries.removeValue(forKey: victim) }
    }
}
