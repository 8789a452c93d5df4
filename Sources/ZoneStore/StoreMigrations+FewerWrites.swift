import GRDB

extension StoreMigrations {
    /// Schema v8: less B-tree work for every accepted push (issue 19), nothing stored differently.
    /// - The upsert numbers the zone in its own row write (`StoredZone.upsert` takes the next
    ///   `zone_change_counter` value into `change_seq`) instead of v7's AFTER trigger rewriting the
    ///   row it had just written (a second write of the row and two of `zones_by_change_seq`).
    ///   The triggers stay for any other write of a zone's generation or presence (an import of
    ///   copied rows, a hand-made fix), now only when that write did not number the zone itself.
    /// - `journal_by_time` goes: only `pruneJournal` read it, and its `NOT IN (SELECT MAX(id) …
    ///   GROUP BY domain)` reads the whole journal through `journal_by_domain` anyway.
    /// - `zones_tombstones` keeps only tombstones (a partial index on their change time): present
    ///   zones, nearly every row, no longer cost an index entry on insert and two on each edit.
    ///   Its readers match `present = 0` (tombstone pruning); the present count is all rows less
    ///   the tombstones (`SQLiteZoneStore.presentZoneCount`).
    static func fewerWritesPerPush(_ db: Database) throws {
        try db.execute(sql: "DROP TRIGGER zones_numbered_on_insert")
        try db.execute(sql: "DROP TRIGGER zones_numbered_on_change")
        try db.execute(sql: "CREATE TRIGGER zones_numbered_on_insert AFTER INSERT ON zones WHEN NEW.change_seq = 0 \(numberTheZone)")
        try db.execute(
            sql: """
                CREATE TRIGGER zones_numbered_on_change AFTER UPDATE OF generation, present ON zones
                WHEN NEW.change_seq = OLD.change_seq \(numberTheZone)
                """)
        try db.execute(sql: "DROP INDEX journal_by_time")
        try db.execute(sql: "DROP INDEX zones_tombstones")
        try db.execute(sql: "CREATE INDEX zones_tombstones ON zones(changed_at) WHERE present = 0")
    }
}
