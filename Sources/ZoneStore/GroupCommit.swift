import GRDB

/// Commits pushes that arrive together in one transaction: a disk flush costs the same for one
/// push or a hundred. Each caller gets its own outcome only once the shared commit is on disk; if
/// the transaction fails, every push in it fails (none is acknowledged).
actor GroupCommit {
    private let database: any DatabaseWriter
    private let monitor: StoreWriteMonitor
    private var queue: [(push: ZonePush, at: Double, reply: CheckedContinuation<PushOutcome, any Error>)] = []
    private var writing = false

    init(database: any DatabaseWriter, monitor: StoreWriteMonitor) {
        self.database = database
        self.monitor = monitor
    }

    func submit(_ push: ZonePush, at now: Double) async throws -> PushOutcome {
        try await withCheckedThrowingContinuation { continuation in
            queue.append((push, now, continuation))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !queue.isEmpty {
            let batch = queue
            queue = []
            let items = batch.map { ($0.push, $0.at) }
            do {
                let outcomes = try await monitor.write(database) { db in
                    try items.map { try SQLiteZoneStore.push($0.0, at: $0.1, in: db) }
                }
                for (entry, outcome) in zip(batch, outcomes) { entry.reply.resume(returning: outcome) }
            } catch {
                for entry in batch { entry.reply.resume(throwing: error) }
            }
        }
        writing = false
    }
}
