/// The shared store, opened on first use when it could not be opened at start-up (the database
/// did not answer): every call waits for one attempt at a time, and once it opened, its change
/// announcements are relayed to `changes` (with one announcement at the opening, so the
/// dispatcher reads what changed while this node could not look).
actor SharedStoreOpener {
    private var store: (any ZoneStore)?
    private var attempt: Task<any ZoneStore, any Error>?
    private let open: @Sendable () async throws -> any ZoneStore
    private let changes: ChangeAnnouncer
    private var relay: Task<Void, Never>?

    init(open: @escaping @Sendable () async throws -> any ZoneStore, changes: ChangeAnnouncer) {
        self.open = open
        self.changes = changes
    }

    deinit { relay?.cancel() }

    /// The store, opening it now if it is not open yet; throws the opening's error.
    func get() async throws -> any ZoneStore {
        if let store { return store }
        if let attempt { return try await attempt.value }
        let task = Task { try await open() }
        attempt = task
        defer { attempt = nil }
        let opened = try await task.value
        if store == nil {
            store = opened
            relay = Task { [changes] in
                let stream = opened.desiredStateChanges()
                changes.announce()
                for await _ in stream { changes.announce() }
            }
        }
        return store ?? opened
    }

    /// The store if it is open, without trying to open it.
    var current: (any ZoneStore)? { store }
}
