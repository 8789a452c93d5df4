import DadnsTestKit
import Foundation
import GRDB
import Testing
@testable import ZoneStore

/// The store's file and the spool are opened alike (`DatabasePool.durable`): the connection that
/// writes commits with the `synchronous` the operator chose (`datastore.synchronous`; FULL unless
/// set — GRDB's WAL set-up alone leaves it NORMAL, which can lose the last acknowledged changes on
/// power loss), and waits 10 s for another writer's lock.
@Suite("Durable SQLite files")
struct DurableFileTests {
    /// The writer's settings of each file: `synchronous` as SQLite reads it back (FULL 2, NORMAL 1).
    func writerSettings(_ database: any DatabaseWriter) async throws -> (journal: String?, synchronous: Int?, busyTimeout: Int?) {
        try await database.writeWithoutTransaction { db in
            (
                journal: try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                synchronous: try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                busyTimeout: try Int.fetchOne(db, sql: "PRAGMA busy_timeout")
            )
        }
    }

    @Test func theStoreAndTheSpoolCommitToDiskAndWaitForALock() async throws {
        let directory = try Scratch.directory("durable")
        let store = try SQLiteZoneStore(path: directory.appendingPathComponent("store.db").path)
        let spool = try ChangeSpool(path: directory.appendingPathComponent("spool.db").path)
        for (name, database) in [("store", store.database), ("spool", spool.database as any DatabaseWriter)] {
            let settings = try await writerSettings(database)
            #expect(settings.journal == "wal", "\(name)")
            #expect(settings.synchronous == 2, "\(name): synchronous must be FULL (2)")
            #expect(settings.busyTimeout == 10_000, "\(name)")
        }
    }

    /// `datastore.synchronous` reaches the writer of a real file, for each value and each file.
    @Test(arguments: SQLiteSynchronous.allCases)
    func theStoreAndTheSpoolCommitAsTheOperatorChose(_ synchronous: SQLiteSynchronous) async throws {
        let directory = try Scratch.directory("durable-\(synchronous.rawValue)")
        let store = try SQLiteZoneStore(path: directory.appendingPathComponent("store.db").path, synchronous: synchronous)
        let spool = try ChangeSpool(path: directory.appendingPathComponent("spool.db").path, synchronous: synchronous)
        let expected = synchronous == .full ? 2 : 1
        for (name, database) in [("store", store.database), ("spool", spool.database as any DatabaseWriter)] {
            let settings = try await writerSettings(database)
            #expect(settings.synchronous == expected, "\(name): synchronous must be \(synchronous.pragmaName) (\(expected))")
            #expect(settings.journal == "wal", "\(name)")
            #expect(settings.busyTimeout == 10_000, "\(name)")
        }
    }
}
