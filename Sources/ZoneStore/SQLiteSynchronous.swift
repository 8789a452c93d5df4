/// How a durable SQLite file (the store, the spool) commits: `PRAGMA synchronous` on its writer
/// connection, chosen by the operator with `datastore.synchronous` (`DatabasePool.durable`).
public enum SQLiteSynchronous: String, Sendable, CaseIterable, Codable {
    /// Each commit waits for the WAL to reach the disk: an acknowledged change survives a power
    /// loss or a kernel crash (the default).
    case full
    /// The WAL is synced at checkpoints only: an acknowledged change survives a crash of dadns,
    /// but the last ones may be lost on a power loss or a kernel crash.
    case normal

    /// What `PRAGMA synchronous` reads back (FULL is 2, NORMAL 1).
    public var pragmaLevel: Int {
        switch self {
        case .full: return 2
        case .normal: return 1
        }
    }

    /// `FULL`, `NORMAL`: as SQLite and the log lines spell it.
    public var pragmaName: String { rawValue.uppercased() }
}
