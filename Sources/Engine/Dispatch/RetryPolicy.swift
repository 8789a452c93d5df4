/// When to try a failed (backend, zone) pair again: the reference's schedule, 30 s, 2 min,
/// 5 min, 15 min, 30 min (`dns.retry_schedule_seconds` sets another); after the last the pair
/// is `failed` until retried by hand.
public struct RetryPolicy: Sendable, Equatable {
    public var delays: [Double]

    public init(delays: [Double] = [30, 120, 300, 900, 1800]) {
        self.delays = delays
    }

    /// The time of the next attempt after failure number `failures` (1 for the first), or nil
    /// when the schedule is used up.
    public func nextAttempt(afterFailure failures: Int, now: Double) -> Double? {
        guard failures >= 1, failures <= delays.count else { return nil }
        return now + delays[failures - 1]
    }
}
