import Foundation
import GRDB
import Testing
import DadnsTestKit
@testable import ZoneStore

/// Schema v8 (fewer writes per push): a store written by v7, with rows in every table, upgrades
/// in place with nothing lost, and every change is still numbered once (`change_seq`), whether the
/// upsert numbers it or the trigger does for a write that did not.
@Suite("SQLite schema v8: fewer writes per push")
struct StoreSchemaV8Tests {
    func push(_ domain: String, _ text: String) -> ZonePush {
        ZonePush(
            domain: domain, canonicalText: "\(domain). 300 IN TXT \"\(text)\"\n", recordCount: 1, contentHash: "h-\(text)",
            serial: 7, hostname: "da1.example", username: "user", clientAddress: "192.0.2.9", source: .directAdmin)
    }

    /// A store file at schema v7 holding a present zone with two versions (one applied, one
    /// failing), a tombstone, the journal of all of it and the write probe.
    func v7Store() throws -> String {
        let path = try Scratch.directory("store-v8").appendingPathComponent("store.db").path
        let queue = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(queue, upTo: "v7: zone change sequence")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO zones (domain, generation, present, zone_text, record_count, content_hash, serial, da_hostname,
                                       da_username, client_address, created_at, updated_at, changed_at)
                    VALUES ('kept.example', 1, 1, 'kept v1', 1, 'h1', 1, 'da1.example', 'user', '192.0.2.9', 10, 10, 10),
                           ('gone.example', 1, 1, 'gone v1', 1, 'g1', 3, 'da1.example', 'user', '192.0.2.9', 11, 11, 11)
                    """)
            try db.execute(
                sql: "UPDATE zones SET generation = 2, zone_text = 'kept v2', content_hash = 'h2', serial = 2, updated_at = 20, changed_at = 20 WHERE domain = 'kept.example'")
            try db.execute(sql: "UPDATE zones SET generation = 2, present = 0, zone_text = NULL, updated_at = 21, changed_at = 21 WHERE domain = 'gone.example'")
            for (generation, text) in [(1, "kept v1"), (2, "kept v2")] {
                try db.execute(
                    sql: """
                        INSERT INTO zone_history (domain, generation, zone_text, record_count, content_hash, serial, source,
                                                  da_hostname, da_username, changed_at, accepted_at)
                        VALUES ('kept.example', ?, ?, 1, ?, ?, 'directadmin', 'da1.example', 'user', ?, ?)
                        """,
                    arguments: [generation, text, "h\(generation)", generation, generation * 10, generation * 10])
            }
            try db.execute(
                sql: """
                    INSERT INTO applied (backend, domain, applied_generation, applied_hash, status, attempts, next_attempt_at, last_error)
                    VALUES ('bind', 'kept.example', 1, 'h1', 'failed', 5, 500, 'rndc: timed out'),
                           ('bind', 'gone.example', 2, NULL, 'ok', 0, NULL, NULL)
                    """)
            for (at, domain, action, generation) in [(10, "kept.example", "save", 1), (11, "gone.example", "save", 1),
                                                     (20, "kept.example", "save", 2), (21, "gone.example", "delete", 2)] {
                try db.execute(
                    sql: "INSERT INTO journal (at, domain, action, generation, source, da_hostname) VALUES (?, ?, ?, ?, 'directadmin', 'da1.example')",
                    arguments: [at, domain, action, generation])
            }
            try db.execute(sql: "INSERT INTO store_probe (id, at) VALUES (1, 30)")
        }
        try queue.close()
        return path
    }

    /// `(domain, change_seq)` of every zone, and the counter.
    func numbers(_ path: String) throws -> (zones: [String: Int64], counter: Int64) {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT domain, change_seq FROM zones")
            let counter = try Int64.fetchOne(db, sql: "SELECT seq FROM zone_change_counter WHERE id = 1") ?? -1
            return (Dictionary(uniqueKeysWithValues: rows.map { ($0[0], $0[1]) }), counter)
        }
    }

    @Test func aV7StoreUpgradesInPlaceWithNothingLost() async throws {
        let path = try v7Store()
        let before = try numbers(path)
        #expect(before.counter == 4)
        let store = try SQLiteZoneStore(path: path)

        let kept = try #require(try await store.zone("kept.example"))
        #expect(kept.generation == 2 && kept.present && kept.canonicalText == "kept v2" && kept.contentHash == "h2")
        #expect(kept.serial == 2 && kept.hostname == "da1.example" && kept.username == "user" && kept.changedAt == 20)
        let gone = try #require(try await store.zone("gone.example"))
        #expect(gone.generation == 2 && !gone.present && gone.canonicalText == nil && gone.serial == 3)
        #expect(try await store.presentZoneCount() == 1)
        #expect(try await store.historyVersions(of: "kept.example").map(\.generation) == [2, 1])
        #expect(try await store.historyVersion(of: "kept.example", generation: 1)?.text == "kept v1")
        #expect(try await store.history(of: "kept.example").map(\.generation) == [1, 2])
        #expect(try await store.history(of: "gone.example").map(\.action) == ["save", "delete"])
        let pairs = try await store.pairs(backends: ["bind"])
        #expect(pairs.map(\.domain) == ["gone.example", "kept.example"])
        #expect(pairs.map(\.state) == [.ok, .failed])
        #expect(pairs[1].attempts == 5 && pairs[1].lastError == "rndc: timed out")
        let counts = try await store.copyCounts()
        #expect(counts.presentZones == 1 && counts.tombstones == 1 && counts.journalEntries == 4)
        #expect(counts.appliedRows == 2 && counts.historyVersions == 2)
        #expect(try numbers(path) == before)

        // The pruners that read the changed indexes still find what they did.
        #expect(try await store.pruneJournal(olderThan: 15) == 2)
        #expect(try await store.history(of: "kept.example").map(\.generation) == [2])
        #expect(try await store.history(of: "gone.example").map(\.action) == ["delete"])
        #expect(try await store.pruneTombstones(olderThan: 100) == 1)
        #expect(try await store.zone("gone.example") == nil)
    }

    @Test func everyChangeIsNumberedOnceByTheUpsertOrByTheTrigger() async throws {
        let path = try v7Store()
        let store = try SQLiteZoneStore(path: path)
        let start = try numbers(path).counter

        // Pushes (new zone, edit) and a delete: the upsert numbers each, once.
        _ = try await store.push(push("new.example", "a"), at: 40)
        _ = try await store.push(push("kept.example", "edited"), at: 41)
        _ = try await store.delete(
            domain: "new.example", hostname: "da1.example", username: "user", clientAddress: nil, source: .directAdmin, at: 42)
        _ = try await store.push(push("kept.example", "edited"), at: 43)  // unchanged: not numbered
        var now = try numbers(path)
        #expect(now.counter == start + 3)
        #expect(now.zones["new.example"] == start + 3 && now.zones["kept.example"] == start + 2)

        // A write that does not number the zone itself (copied rows, a hand-made fix): the trigger does.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(
                sql: "INSERT INTO zones (domain, generation, present, zone_text, created_at, updated_at) VALUES ('copied.example', 1, 1, 'c', 50, 50)")
            try db.execute(sql: "UPDATE zones SET present = 0, generation = 3 WHERE domain = 'kept.example'")
            try db.execute(sql: "UPDATE zones SET da_username = 'other' WHERE domain = 'new.example'")  // no new generation
        }
        try queue.close()
        now = try numbers(path)
        #expect(now.counter == start + 5)
        #expect(now.zones["copied.example"] == start + 4 && now.zones["kept.example"] == start + 5)
        #expect(now.zones["new.example"] == start + 3)
    }

    @Test func theIndexesArePresentOnlyWhereAQueryReadsThem() async throws {
        let path = try v7Store()
        _ = try SQLiteZoneStore(path: path)
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        let indexes = try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
                .reduce(into: [String: String]()) { $0[$1[0]] = $1[1] }
        }
        #expect(indexes["journal_by_time"] == nil)
        #expect(indexes["zones_tombstones"]?.contains("WHERE present = 0") == true)
        #expect(indexes["journal_by_domain"] != nil && indexes["zones_by_change_seq"] != nil && indexes["zones_by_update"] != nil)
    }
}
