/// How long a lane waits after a batch that threw (the store could not be read or written):
/// the poll interval, doubled with each error in a row up to `cap`. A new change still wakes the
/// lane at once, so recovery is not delayed when pushes arrive; without it the same batch was
/// re-applied and logged every second while the disk stayed full.
struct LaneBackoff: Sendable, Equatable {
    var base: Duration
    var cap: Duration

    /// The wait after `errorsInARow` errors (1 for the first).
    func delay(afterErrors errorsInARow: Int) -> Duration {
        guard errorsInARow > 1 else { return min(base, cap) }
        var delay = base
        for _ in 1..<errorsInARow {
            delay = delay * 2
            if delay >= cap { return cap }
        }
        return delay
    }

    /// A wait in words for the log: "500 ms", "4 s".
    static func text(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return seconds >= 1 ? "\(seconds) s" : "\(attoseconds / 1_000_000_000_000_000) ms"
    }
}
