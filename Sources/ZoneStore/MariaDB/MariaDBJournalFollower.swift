import MariaDB

/// Notices commits of other nodes by polling the shared journal, so that `desiredStateChanges()`
/// announces them as it announces this node's own (`datastore.poll_interval_ms`, default 250).
///
/// Each poll is one query on the journal's primary key: the number of entries and the largest
/// id in the last `window` ids. Any commit adds an entry, so either number moves. Not `id > last
/// seen` alone: auto-increment ids are handed out when a row is inserted, not when it commits,
/// and Galera interleaves them across nodes, so an entry can commit below an id already seen; the
/// count over the window still catches it. An entry committing more than `window` ids late is
/// missed until the next change (nothing is lost: subscribers read the whole desired state).
/// A change seen here that this node made itself is announced once more, which subscribers
/// coalesce.
struct MariaDBJournalFollower: Sendable {
    /// How many ids behind the largest the count reaches.
    static let window: Int64 = 10_000

    /// The journal's state as one poll sees it.
    struct Mark: Equatable, Sendable {
        var count: Int64
        var largestID: Int64
    }

    /// The mark now: entries and largest id among the last `window` ids.
    static func mark(on connection: MariaDBConnection) throws -> Mark {
        let largest = try connection.row("SELECT COALESCE(MAX(id), 0) FROM journal")?.int64(0) ?? 0
        let count = try connection.row("SELECT COUNT(*) FROM journal WHERE id > ?", [largest - window])?.int64(0) ?? 0
        return Mark(count: count, largestID: largest)
    }

    /// Polls every `interval` until the task is cancelled or the store is released; calls
    /// `changed` whenever the mark moved since the poll before. A failed poll (database away)
    /// is tried again at the next interval.
    static func follow(_ store: MariaDBZoneStore, every interval: Duration) -> Task<Void, Never> {
        Task { [weak store] in
            var last: Mark? = nil
            while !Task.isCancelled {
                do {
                    // Held for the poll only, not through the sleep: a released store ends this.
                    guard let current = store else { return }
                    if let mark = try? await current.read({ connection in try Self.mark(on: connection) }) {
                        if let last, last != mark { current.changes.announce() }
                        last = mark
                    }
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
