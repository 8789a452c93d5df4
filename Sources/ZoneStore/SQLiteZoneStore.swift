import GRDB

/// The store in one SQLite database (WAL on disk; `inMemory()` for tests). Every write goes
/// through `write`, which keeps `writeHealth` up to date; writes that change the desired state
/// announce it once committed (`desiredStateChanges`).
public final class SQLiteZoneStore: ZoneStore {
    let database: any DatabaseWriter
    private let pushes: GroupCommit
    let writeMonitor = StoreWriteMonitor()
    let changes = ChangeAnnouncer()
    let backlogs = BacklogCache()
    let pendingMarks = PendingWatermarks()

    /// Opens (creating if needed) the database at `path` and brings its schema up to date; its
    /// commits reach the disk as `synchronous` says (`datastore.synchronous`, FULL unless set).
    public convenience init(path: String, synchronous: SQLiteSynchronous = .full) throws {
        try self.init(database: DatabasePool.durable(path: path, synchronous: synchronous, configuration: Self.configuration))
    }

    /// A store in memory, gone when released: for tests that need no file.
    public static func inMemory() throws -> SQLiteZoneStore {
        try SQLiteZoneStore(database: DatabaseQueue(configuration: configuration))
    }

    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        return configuration
    }

    private init(database: any DatabaseWriter) throws {
        self.database = database
        try StoreMigrations.migrator.migrate(database)
        pushes = GroupCommit(database: database, monitor: writeMonitor)
    }

    public func desiredStateChanges() -> AsyncStream<Void> { changes.subscribe() }

    public var writeHealth: StoreWriteHealth { writeMonitor.health }

    /// A write transaction whose outcome updates `writeHealth`; every write goes through here.
    func write<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writeMonitor.write(database, updates)
    }

    /// Writes one row (`store_probe`) to learn whether writes work again.
    @discardableResult
    public func checkWritable(at now: Double) async -> StoreWriteHealth {
        _ = try? await write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO store_probe (id, at) VALUES (1, ?)", arguments: [now])
        }
        return writeHealth
    }

    /// Concurrent pushes are committed together (group commit): each caller still returns only
    /// after the transaction holding its push is on disk.
    public func push(_ push: ZonePush, at now: Double) async throws -> PushOutcome {
        let outcome = try await pushes.submit(push, at: now)
        if outcome.changed { changes.announce() }
        return outcome
    }
}
