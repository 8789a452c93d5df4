import Foundation
import GRDB
import Testing
import DadnsTestKit
import MariaDB
@testable import ZoneStore

/// Reading the reference project's `domains` table (cybercinch/directdnsonly,
/// `directdnsonly/app/db/models`): from SQLite and MySQL, in its schema before and after it
/// gained `zone_data` and `zone_updated_at`.
@Suite("The reference's datastore, read")
struct ReferenceDomainsTests {
    /// The reference's table as SQLAlchemy creates it on SQLite, before `zone_data` (2021–2026).
    static let oldSQLiteDDL = """
        CREATE TABLE domains (
            id INTEGER NOT NULL, domain VARCHAR, hostname VARCHAR, username VARCHAR,
            PRIMARY KEY (id), UNIQUE (domain))
        """

    @Test func anOldSQLiteSchemaReadsWithoutZoneData() async throws {
        let path = try Scratch.directory("reference").appendingPathComponent("old.db").path
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: Self.oldSQLiteDDL)
            for index in 1...3 {
                try db.execute(
                    sql: "INSERT INTO domains (domain, hostname, username) VALUES (?, 'da1.example', 'bob')",
                    arguments: ["zone\(index).example"])
            }
        }
        let source = try ReferenceSQLiteDomains(path: path)
        let first = try await source.domains(afterID: 0, limit: 2)
        #expect(first.map(\.domain) == ["zone1.example", "zone2.example"])
        #expect(first[0] == ReferenceDomain(id: 1, domain: "zone1.example", hostname: "da1.example", username: "bob", zoneData: nil, zoneUpdatedAt: nil))
        #expect(try await source.domains(afterID: first[1].id, limit: 2).map(\.domain) == ["zone3.example"])
        #expect(try await source.domains(afterID: 3, limit: 2).isEmpty)
    }

    @Test func aNewSQLiteSchemaReadsZoneDataAndItsTime() async throws {
        let path = try Scratch.directory("reference").appendingPathComponent("new.db").path
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: Self.oldSQLiteDDL)
            // The reference's own migration (app/db/__init__.py) adds the columns to an old table.
            try db.execute(sql: "ALTER TABLE domains ADD COLUMN zone_data TEXT")
            try db.execute(sql: "ALTER TABLE domains ADD COLUMN zone_updated_at DATETIME")
            try db.execute(
                sql: "INSERT INTO domains (domain, hostname, username, zone_data, zone_updated_at) VALUES ('a.example', NULL, NULL, ?, ?)",
                arguments: ["a.example. 300 IN A 192.0.2.1\n", "2026-02-19 01:02:03.456789"])
        }
        let rows = try await ReferenceSQLiteDomains(path: path).domains(afterID: 0, limit: 10)
        #expect(rows == [ReferenceDomain(
            id: 1, domain: "a.example", hostname: nil, username: nil, zoneData: "a.example. 300 IN A 192.0.2.1\n",
            zoneUpdatedAt: "2026-02-19 01:02:03.456789")])
    }

    @Test func aFileWithoutTheTableIsRefused() async throws {
        let path = try Scratch.directory("reference").appendingPathComponent("other.db").path
        try await DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE zones (domain TEXT)") }
        #expect(throws: (any Error).self) { try ReferenceSQLiteDomains(path: path) }
    }

    @Test func theMySQLTableReadsBesideTheStoreTables() async throws {
        let configuration = try await SharedMariaDB.newDatabase()
        let database = try #require(configuration.database)
        // dadns's tables in the same database, as when the reference's datastore.* keys are reused.
        _ = try await MariaDBZoneStore(pool: MariaDBPool(library: try MariaDBLibrary.load(), configuration: configuration), nodeName: "n1")
        let server = try SharedMariaDB.server.get()
        _ = try server.rootSQL("""
            USE \(database);
            CREATE TABLE domains (
                id INTEGER NOT NULL AUTO_INCREMENT, domain VARCHAR(255), hostname VARCHAR(255), username VARCHAR(255),
                zone_data TEXT, zone_updated_at DATETIME, PRIMARY KEY (id), UNIQUE (domain));
            INSERT INTO domains (domain, hostname, username, zone_data, zone_updated_at)
                VALUES ('b.example', 'da2.example', 'carol', 'b.example. 300 IN A 192.0.2.2\\n', '2026-02-19 01:02:03'),
                       ('a.example', 'da1.example', 'bob', NULL, NULL);
            """)
        let source = try await ReferenceMariaDBDomains(pool: MariaDBPool(library: try MariaDBLibrary.load(), configuration: configuration))
        let rows = try await source.domains(afterID: 0, limit: 10)
        #expect(rows == [
            ReferenceDomain(
                id: 1, domain: "b.example", hostname: "da2.example", username: "carol", zoneData: "b.example. 300 IN A 192.0.2.2\n",
                zoneUpdatedAt: "2026-02-19 01:02:03"),
            ReferenceDomain(id: 2, domain: "a.example", hostname: "da1.example", username: "bob", zoneData: nil, zoneUpdatedAt: nil),
        ])
    }
}
