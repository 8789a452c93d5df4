/// Spaces calls at most `perSecond` apart: `wait()` returns at once the first time, then no
/// sooner than 1/`perSecond` after the previous return.
struct RateLimiter {
    let interval: Duration
    var next: ContinuousClock.Instant?

    init(perSecond: Double) {
        interval = perSecond > 0 ? .nanoseconds(Int64(1_000_000_000 / perSecond)) : .zero
    }

    mutating func wait() async {
        let clock = ContinuousClock()
        if let next, next > clock.now {
            try? await Task.sleep(until: next, clock: clock)
        }
        next = clock.now.advanced(by: interval)
    }
}
