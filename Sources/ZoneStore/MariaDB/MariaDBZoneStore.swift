import Foundation
import MariaDB

/// The store in a MariaDB/MySQL database that several dadns nodes can share (Galera too). The
/// desired state (`zones`) and the journal are shared; the applied state is kept per node
/// (`applied` keyed by node, backend, zone), so every node brings its own backends to the shared
/// desired state. Semantics are those of `SQLiteZoneStore`, with every check that decides on a
/// generation or an owner made under the zone's row lock (`SELECT … FOR UPDATE`) in the same
/// transaction as the write, so two nodes taking pushes of one zone never lose the newer one.
///
/// Every operation is one transaction, run again as a whole after a deadlock, a lock wait
/// timeout or a Galera certification failure (`MariaDBTransactionRetry`); a caller that got a
/// result back can acknowledge it, because it is committed.
public final class MariaDBZoneStore: ZoneStore {
    /// This node's name: the key of its applied state and the author of its journal entries.
    public let nodeName: String
    let pool: MariaDBPool
    let retry: MariaDBTransactionRetry
    let writeMonitor = StoreWriteMonitor()
    let changes = ChangeAnnouncer()
    let pushes = MariaDBGroupCommit()
    private let follower = FollowerHandle()

    /// Connects (through `pool`) and brings the schema up to date.
    /// - Parameters:
    ///   - nodeName: the node's name, unique among the nodes sharing the database.
    ///   - pollInterval: how often to look for other nodes' changes in the journal (see
    ///     `MariaDBJournalFollower`); nil announces only this store's own changes.
    public init(
        pool: MariaDBPool, nodeName: String, pollInterval: Duration? = nil, retry: MariaDBTransactionRetry = MariaDBTransactionRetry()
    ) async throws {
        guard !nodeName.isEmpty, nodeName.utf8.count <= 255 else {
            throw MariaDBError.invalidArgument("a node name has 1 to 255 bytes")
        }
        self.pool = pool
        self.nodeName = nodeName
        self.retry = retry
        let now = Date().timeIntervalSince1970
        try await pool.withConnection { connection in try MariaDBStoreMigrations.migrate(connection, node: nodeName, at: now) }
        if let pollInterval { follower.task = MariaDBJournalFollower.follow(self, every: pollInterval) }
    }

    deinit { follower.task?.cancel() }

    /// Announces this store's commits at once, and, with a poll interval, other nodes' commits
    /// within about one interval (`MariaDBJournalFollower`).
    public func desiredStateChanges() -> AsyncStream<Void> { changes.subscribe() }

    public var writeHealth: StoreWriteHealth { writeMonitor.health }

    @discardableResult
    public func checkWritable(at now: Double) async -> StoreWriteHealth {
        let node = nodeName
        _ = try? await write { connection in
            try connection.run(
                "INSERT INTO store_probe (node, at) VALUES (?, ?) ON DUPLICATE KEY UPDATE at = VALUES(at)", [node, now])
        }
        return writeHealth
    }

    /// A write transaction whose outcome updates `writeHealth`; every write goes through here.
    func write<T: Sendable>(_ body: @escaping @Sendable (MariaDBConnection) throws -> T) async throws -> T {
        do {
            let value = try await transaction(body)
            writeMonitor.succeeded()
            return value
        } catch {
            if MariaDBTransactionRetry.isStorageFailure(error) { writeMonitor.failed(reason: "\(error)") }
            throw error
        }
    }

    /// A read: one transaction too, so that a read of several statements sees one snapshot.
    func read<T: Sendable>(_ body: @escaping @Sendable (MariaDBConnection) throws -> T) async throws -> T {
        try await transaction(body)
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws, and
    /// run again whole, after a backoff with jitter, when it failed on a conflict.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (MariaDBConnection) throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await pool.withConnection { connection in
                    do {
                        return try connection.transaction { try body(connection) }
                    } catch let error as MariaDBError where MariaDBTransactionRetry.isRetryable(error) {
                        throw RetryableConflict(error: error)
                    }
                }
            } catch let conflict as RetryableConflict {
                guard attempt < retry.attempts else { throw conflict.error }
                try await Task.sleep(for: retry.delay(after: attempt))
                attempt += 1
            }
        }
    }

    /// `domains` in chunks of one `IN (…)` list each.
    static func chunks(of domains: [String]) -> [[String]] {
        stride(from: 0, to: domains.count, by: 500).map { Array(domains[$0..<min($0 + 500, domains.count)]) }
    }

    /// `?, ?, …` for `count` values.
    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}

/// The follower's task, set once after `init` has the store to follow.
private final class FollowerHandle: @unchecked Sendable {
    var task: Task<Void, Never>?
}
