import ServiceLifecycle

/// Runs a peer-sync pass at start and then every `interval`, until shutdown.
public struct PeerSyncService: Service {
    let peerSync: PeerSync
    let interval: Duration

    public init(peerSync: PeerSync, interval: Duration) {
        self.peerSync = peerSync
        self.interval = interval
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await peerSync.sync()
                try await Task.sleep(for: interval)
            }
        }
    }
}
