import ServiceLifecycle

/// Runs a reconciliation pass every `interval` after `initialDelay`, until shutdown.
public struct ReconcilerService: Service {
    let reconciler: Reconciler
    let interval: Duration
    let initialDelay: Duration

    public init(reconciler: Reconciler, interval: Duration, initialDelay: Duration) {
        self.reconciler = reconciler
        self.interval = interval
        self.initialDelay = initialDelay
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            try await Task.sleep(for: initialDelay)
            while !Task.isCancelled {
                await reconciler.reconcile()
                try await Task.sleep(for: interval)
            }
        }
    }
}
