/// Spaces `rndc reconfig`s out while named holds many zones (`reconfig_pacing`).
///
/// A reconfig costs named about 30 µs of CPU per zone held, whatever changed (3 s at 100,000
/// zones), and named, dadns and DirectAdmin's pushes share the machine's cores. During a bulk
/// push a lane that reconfigures as soon as the last reconfig ends keeps named reconfiguring
/// all the time, taking CPU the push needs. After a reconfig that took `T` (at least
/// `threshold`), the next one waits until `T × factor` has passed since it ended: named then
/// reconfigures at most 1 / (1 + factor) of the time, and zones arriving meanwhile join the
/// next batch instead of making a reconfig of their own. Short reconfigs (few zones held) are
/// never delayed; edits (`rndc reload <zone>`) and `rndc addzone` are not reconfigs.
public struct ReconfigPacing: Sendable, Equatable {
    /// Wait `factor` times the last reconfig's duration after it; 0: never wait.
    public var factor: Double
    /// Reconfigs shorter than this do not make the next one wait.
    public var threshold: Duration

    public enum Defaults {
        public static let factor = 1.0
        public static let threshold = Duration.milliseconds(200)
    }

    public init(factor: Double = Defaults.factor, threshold: Duration = Defaults.threshold) {
        self.factor = factor
        self.threshold = threshold
    }

    /// How long a reconfig starting `now` waits, given the last reconfig (nil: none yet).
    public func wait(now: ContinuousClock.Instant, after last: Reconfig?) -> Duration {
        guard factor > 0, let last, last.duration >= threshold else { return .zero }
        let due = last.ended + last.duration * factor
        return due > now ? due - now : .zero
    }

    /// One finished `rndc reconfig`: when it ended and how long it took.
    public struct Reconfig: Sendable, Equatable {
        public var ended: ContinuousClock.Instant
        public var duration: Duration

        public init(ended: ContinuousClock.Instant, duration: Duration) {
            self.ended = ended
            self.duration = duration
        }
    }
}
