import Foundation
import GRDB

/// Whether the store can write, as its latest writes showed. A full disk, a read-only or failing
/// file system makes every write fail — and so every push be refused — while reads still work:
/// without this, `/status` would report `ok` while DirectAdmin's changes bounce.
public struct StoreWriteHealth: Sendable, Equatable {
    /// When writes started failing (the first failure after the last success); nil while they work.
    public var failingSince: Double?
    /// Why the latest failed write failed, in SQLite's words (no SQL), e.g. "database or disk is full".
    public var lastError: String?

    public init(failingSince: Double? = nil, lastError: String? = nil) {
        self.failingSince = failingSince
        self.lastError = lastError
    }

    /// SQLite results that mean the store's file or file system cannot take a write (as opposed
    /// to a write refused for its content, such as a constraint).
    static let storageFailures: [ResultCode] = [.SQLITE_FULL, .SQLITE_IOERR, .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_PERM, .SQLITE_NOMEM]

    /// A short account of a store error for a reply or a status line: SQLite's message without
    /// the statement, or the error's own description.
    public static func reason(_ error: any Error) -> String {
        guard let error = error as? DatabaseError else { return "\(error)" }
        return error.message ?? "SQLite error \(error.extendedResultCode.rawValue)"
    }
}

/// Keeps `StoreWriteHealth` up to date from the outcome of every write (any thread). Public for
/// the other `ZoneStore` implementations, which decide themselves which errors are the storage's.
public final class StoreWriteMonitor: @unchecked Sendable {
    private let lock = NSLock()
    private var state = StoreWriteHealth()

    public init() {}

    public var health: StoreWriteHealth { lock.withLock { state } }
    /// Write transactions finished so far (counted after each ends, committed or not): figures
    /// read from the store stay valid while it has not moved (`BacklogCache`).
    private var writes: UInt64 = 0
    var writeCount: UInt64 { lock.withLock { writes } }

    public func succeeded() {
        lock.withLock { state = StoreWriteHealth() }
    }

    /// Records a failed write if it failed for the store's sake (disk full, I/O error, …).
    func failed(_ error: any Error) {
        guard let error = error as? DatabaseError, StoreWriteHealth.storageFailures.contains(error.resultCode) else { return }
        failed(reason: StoreWriteHealth.reason(error))
    }

    /// Records a write that failed for the store's sake, in words without SQL or secrets.
    public func failed(reason: String) {
        let now = Date().timeIntervalSince1970
        lock.withLock { state = StoreWriteHealth(failingSince: state.failingSince ?? now, lastError: reason) }
    }

    /// Runs a write on `database`, recording its outcome.
    func write<T: Sendable>(_ database: any DatabaseWriter, _ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        defer { lock.withLock { writes &+= 1 } }
        do {
            let value = try await database.write(updates)
            succeeded()
            return value
        } catch {
            failed(error)
            throw error
        }
    }
}
