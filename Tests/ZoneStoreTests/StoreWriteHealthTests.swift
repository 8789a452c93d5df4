import Foundation
import GRDB
import Testing
@testable import ZoneStore

/// Every write reports to the write-health monitor — also the lanes' write-ahead `markSent`.
/// The disk fills up for real, in memory: SQLite's page limit makes the next write that needs a
/// page fail with SQLITE_FULL, as a full file system does.
@Suite("Zone store write health")
struct StoreWriteHealthTests {
    @Test func aFailedMarkSentIsReportedAndAProbeClearsItOnceWritesWork() async throws {
        let store = try SQLiteZoneStore.inMemory()
        let domains = (0..<300).map { "zone\($0).example" }
        for domain in domains {
            _ = try await store.push(
                ZonePush(
                    domain: domain, canonicalText: "\(domain). 300 IN TXT \"x\"\n", recordCount: 1, contentHash: "h",
                    serial: 1, hostname: "da1.example", username: "user", clientAddress: nil, source: .directAdmin),
                at: 1)
        }
        try await Self.limitPages(of: store, extra: 0)
        await #expect(throws: DatabaseError.self) { try await store.markSent(backend: "bind", domains: domains) }
        let failing = store.writeHealth
        #expect(failing.failingSince != nil && failing.lastError == "database or disk is full", "\(failing)")
        try await Self.limitPages(of: store, extra: 1000)
        #expect(await store.checkWritable(at: 3) == StoreWriteHealth())
        try await store.markSent(backend: "bind", domains: domains)
        #expect(try await store.pairs(backends: ["bind"], limit: 1000).count == domains.count)
    }

    /// Lets the database grow by `extra` pages only.
    static func limitPages(of store: SQLiteZoneStore, extra: Int) async throws {
        try await store.database.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(pages + extra)")
        }
    }
}
