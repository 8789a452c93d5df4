
/// Commits the pushes that arrive together in one transaction, as `SQLiteZoneStore` does, with
/// one statement per kind for the whole group (`MariaDBZoneStore.push(group:)`): the round trips
/// to the server and its log flush are paid once per group, not per push. A group holds distinct
/// zones (a second push of a zone waits for the next group, so it sees the first's generation);
/// each push is decided on its own zone's locked row, as if alone. Each caller gets its own
/// outcome only once the shared commit returned. If the transaction fails, every push in it
/// fails (none is acknowledged); a conflict runs the whole group again (`transaction`).
actor MariaDBGroupCommit {
    /// At most this many pushes in one transaction (bounds its locks and its Galera write set).
    static let largestGroup = 100

    private var queue: [(push: ZonePush, at: Double, reply: CheckedContinuation<PushOutcome, any Error>)] = []
    /// The store to write through while a drain runs (not kept between drains: no reference cycle).
    private var store: MariaDBZoneStore?

    func submit(_ push: ZonePush, at now: Double, to store: MariaDBZoneStore) async throws -> PushOutcome {
        try await withCheckedThrowingContinuation { continuation in
            queue.append((push, now, continuation))
            if self.store == nil {
                self.store = store
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !queue.isEmpty, let store {
            var domains: Set<String> = []
            let group = Array(queue.prefix { domains.count < Self.largestGroup && domains.insert($0.push.domain).inserted })
            queue.removeFirst(group.count)
            let items = group.map { (push: $0.push, at: $0.at) }
            let node = store.nodeName
            do {
                let outcomes = try await store.write { connection in
                    try MariaDBZoneStore.push(group: items, node: node, on: connection)
                }
                if outcomes.contains(where: \.changed) { store.changes.announce() }
                for (entry, outcome) in zip(group, outcomes) { entry.reply.resume(returning: outcome) }
            } catch {
                for entry in group { entry.reply.resume(throwing: error) }
            }
        }
        store = nil
    }
}
