/// What one healing pass found and did on one backend.
public struct HealReport: Sendable, Equatable, Codable {
    public var backend: String
    /// Present zones compared.
    public var checked = 0
    /// Zones the backend lacked or held differently (queued again unless dry-run).
    public var drifted: [String] = []
    /// Deleted zones the backend still held (queued for removal unless dry-run).
    public var stale: [String] = []
    /// Zones the backend holds that the store has never seen: left alone, reported.
    public var unknown: [String] = []
    public var dryRun = false
    /// Why the pass could not check this backend.
    public var error: String?
    // The pass's cost; optional so that a `dadns` reading an older daemon's report still can.
    /// Wall-clock seconds of this backend's pass.
    public var seconds: Double?
    /// The longest single call the pass made to the backend (its inventory, or one page of
    /// zones compared): how long the lane's backend was held at a time, at most.
    public var longestHoldSeconds: Double?
    /// CPU seconds the daemon used during this backend's pass (user and system, the whole
    /// process: other work running meanwhile counts too).
    public var cpuSeconds: Double?

    public init(backend: String, dryRun: Bool) {
        self.backend = backend
        self.dryRun = dryRun
    }
}
