import Foundation

/// A clock the test moves by hand, so retry schedules of minutes take no time: pass
/// `{ clock.now }` where a component takes a clock.
public final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Double

    /// A clock at `start` seconds.
    public init(_ start: Double) { current = start }

    /// The time now, in seconds.
    public var now: Double { lock.withLock { current } }

    /// Moves the clock on by `seconds`.
    public func advance(_ seconds: Double) { lock.withLock { current += seconds } }
}
