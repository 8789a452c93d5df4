import ServiceLifecycle

/// Runs a pass (healing, reconciliation, peer sync) after `initialDelay` and then every
/// `interval` after the previous pass ended, until shutdown; a pass in flight at shutdown is
/// cancelled with the task.
public struct PeriodicService: Service, CustomStringConvertible {
    /// What the pass is, for ServiceLifecycle's log ("healing", "reconciler", …).
    public let description: String
    let interval: Duration
    let initialDelay: Duration
    let pass: @Sendable () async -> Void

    public init(_ name: String, interval: Duration, initialDelay: Duration = .zero, pass: @escaping @Sendable () async -> Void) {
        description = name
        self.interval = interval
        self.initialDelay = initialDelay
        self.pass = pass
    }

    /// A pass every `minutes`, the first after `initialDelayMinutes`, as the configuration
    /// writes them (`healing.interval_minutes` …; fractions allowed).
    public init(
        _ name: String, everyMinutes minutes: Double, initialDelayMinutes: Double = 0, pass: @escaping @Sendable () async -> Void
    ) {
        self.init(
            name, interval: .milliseconds(Int(minutes * 60_000)), initialDelay: .milliseconds(Int(initialDelayMinutes * 60_000)),
            pass: pass)
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            try await Task.sleep(for: initialDelay)
            while !Task.isCancelled {
                await pass()
                try await Task.sleep(for: interval)
            }
        }
    }
}
