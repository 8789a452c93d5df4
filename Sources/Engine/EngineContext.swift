import Logging
import ZoneStore

/// What the engine's periodic services over the store (healing, the served-state probe, journal
/// pruning) share: the store they read and requeue through, the clock they take times from, and
/// the logger they log to (each adds its own `component`). The daemon makes one and hands it to
/// each; a test makes one with a manual clock.
public struct EngineContext: Sendable {
    public var store: ZoneStore
    /// Seconds since 1970.
    public var clock: @Sendable () -> Double
    public var logger: Logger

    public init(store: ZoneStore, clock: @escaping @Sendable () -> Double, logger: Logger) {
        self.store = store
        self.clock = clock
        self.logger = logger
    }
}
