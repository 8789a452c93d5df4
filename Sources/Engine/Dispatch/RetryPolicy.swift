/// When to try a failed (backend, zone) pair again: the reference's schedule, 30 s, 2 min,
/// 5 min, 15 min, 30 min (`dns.retry_schedule_seconds` sets another). Once the schedule is used
/// up the pair is `failed`, and still tried again at the last interval, for ever: a backend that
/// comes back takes every zone it missed without anyone running `dadns retry`.
public struct RetryPolicy: Sendable, Equatable {
    public var delays: [Double]

    /// What a failure leads to.
    public struct Next: Sendable, Equatable {
        /// When to try again (seconds since 1970).
        public var at: Double
        /// True once every delay of the schedule has been waited out: the pair is `failed`.
        public var scheduleUsedUp: Bool
    }

    /// The reference's schedule (also `dns.retry_schedule_seconds`' default).
    public static let defaultDelays: [Double] = [30, 120, 300, 900, 1800]

    public init(delays: [Double] = defaultDelays) {
        self.delays = delays
    }

    /// The interval failed pairs are retried at: the schedule's last delay.
    public var lastInterval: Double { delays.last ?? 1800 }

    /// The next attempt after failure number `failures` (1 for the first).
    public func nextAttempt(afterFailure failures: Int, now: Double) -> Next {
        guard failures >= 1, failures <= delays.count else {
            return Next(at: now + lastInterval, scheduleUsedUp: failures > delays.count)
        }
        return Next(at: now + delays[failures - 1], scheduleUsedUp: false)
    }
}
