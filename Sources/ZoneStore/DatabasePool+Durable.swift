import GRDB

extension DatabasePool {
    /// Opens (creating if needed) the SQLite file at `path` for acknowledged changes (the store, the
    /// spool): a writer waits up to 10 s for another's lock, and every commit is on disk before it
    /// returns at `synchronous = FULL` (it survives power loss, not just a crash); at `.normal`
    /// (the operator's `datastore.synchronous: normal`) the WAL is synced at checkpoints only.
    static func durable(
        path: String, synchronous: SQLiteSynchronous, configuration: Configuration = Configuration()
    ) throws -> DatabasePool {
        var configuration = configuration
        configuration.busyMode = .timeout(10)
        let pool = try DatabasePool(path: path, configuration: configuration)
        // Set on the open pool, not in `prepareDatabase`: GRDB's WAL set-up runs after that and
        // leaves the writer at `synchronous = NORMAL`. The writer connection lives as long as the pool.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous.pragmaName)")
        }
        return pool
    }
}
