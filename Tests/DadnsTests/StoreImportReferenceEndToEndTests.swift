import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits
@testable import dadns

/// End to end: `dadns store import-reference` reads the reference project's datastore — a
/// SQLite file, or its MySQL database — built here from its published schema
/// (cybercinch/directdnsonly, `directdnsonly/app/db/models`: `keys` and `domains`, with the
/// `zone_data` and `zone_updated_at` columns its migration adds), and a daemon started on the
/// store then serves the zones through named with the owners kept, without any push.
@Suite("dadns store import-reference", .serialized, .offThePool)
struct StoreImportReferenceEndToEndTests {
    /// The reference's tables as SQLAlchemy creates them from its models.
    static let schema = """
        CREATE TABLE `keys` (
            id INTEGER NOT NULL, `key` VARCHAR(255), name VARCHAR(255), expires DATETIME, service VARCHAR(255),
            PRIMARY KEY (id), UNIQUE (`key`));
        CREATE TABLE domains (
            id INTEGER NOT NULL AUTO_INCREMENT, domain VARCHAR(255), hostname VARCHAR(255), username VARCHAR(255),
            zone_data TEXT, zone_updated_at DATETIME, PRIMARY KEY (id), UNIQUE (domain));
        """

    /// Several owners, one zone that does not parse, one domain the reference never stored a zone for.
    static var rows: String {
        func quoted(_ text: String?) -> String { text.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL" }
        let rows: [(String, String, String, String?)] = [
            ("a.example", "da1.example", "bob", DirectAdminToNamedTests.zone("a.example", serial: 11, address: "192.0.2.11")),
            ("b.example", "da2.example", "carol", DirectAdminToNamedTests.zone("b.example", serial: 12, address: "192.0.2.12")),
            ("c.example", "da1.example", "dave", DirectAdminToNamedTests.zone("c.example", serial: 13, address: "192.0.2.13")),
            ("broken.example", "da1.example", "bob", "broken.example. 300 IN A not-an-address\n"),
            ("nozone.example", "da2.example", "carol", nil),
        ]
        return rows.map { domain, host, user, zone in
            "INSERT INTO domains (domain, hostname, username, zone_data, zone_updated_at) VALUES "
                + "(\(quoted(domain)), \(quoted(host)), \(quoted(user)), \(quoted(zone)), \(zone == nil ? "NULL" : "'2026-02-19 01:02:03.456789'"));"
        }.joined(separator: "\n")
    }

    static func dadns(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try ProgramRun.output([TestBinaries.dadns()] + arguments)
    }

    /// Imports `source` with `config` twice (the second run changes nothing), then starts a
    /// daemon with `datastore` on `directory` and checks what named serves and who owns what.
    func importAndServe(source: String, config: String, directory: URL, datastore: String, named: NamedServer) throws {
        let first = try Self.dadns(["store", "import-reference", source, "--config", config])
        #expect(first.status == 1, "\(first.output)")
        #expect(first.output.contains("import-reference: 3 imported, 0 unchanged, 0 changed here since, 1 invalid, 1 without zone_data"), "\(first.output)")
        #expect(first.output.contains("invalid: broken.example: invalid zone: line 1"), "\(first.output)")
        #expect(first.output.contains("without zone_data (the reconciler or dadns resync fetches these from DirectAdmin): nozone.example"))
        let second = try Self.dadns(["store", "import-reference", source, "--config", config, "--json"])
        #expect(second.output.contains("\"imported\" : 0") && second.output.contains("\"unchanged\" : 3"), "\(second.output)")

        let daemon = try DadnsProcess(
            directory: directory, backends: DadnsProcess.bindBackend(named), app: "node_name: node-a", datastore: datastore)
        defer { daemon.stop() }
        for (name, address) in [("www.a.example", "192.0.2.11"), ("www.b.example", "192.0.2.12"), ("www.c.example", "192.0.2.13")] {
            #expect(try named.waitFor { try named.query(name, "A").answer == [address] }, "\(daemon.log().suffix(2000))")
        }
        #expect(try named.query("broken.example", "SOA").status == "REFUSED")
        #expect(try named.query("nozone.example", "SOA").status == "REFUSED")
        // The owners came along: DirectAdmin's checks and deletes answer by them.
        let foreign = try daemon.send("POST", "/CMD_API_DNS_ADMIN?action=delete&domain=b.example&hostname=da1.example", "")
        #expect(foreign.status == 403 && foreign.body.contains("belongs%20to%20da2.example"), "\(foreign.body)")
        let history = try daemon.cli(["zone", "show", "a.example"])
        #expect(history.output.contains("import") && history.output.contains("da1.example"), "\(history.output)")

        // DirectAdmin changes one zone and deletes another here; the import run again leaves both.
        let newer = try daemon.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=a.example&hostname=da1.example&username=bob",
            DirectAdminToNamedTests.zone("a.example", serial: 21, address: "192.0.2.21"))
        #expect(newer.body == "error=0", "\(newer.body)")
        let gone = try daemon.send("POST", "/CMD_API_DNS_ADMIN", "action=delete&cluster=yes&hostname=da1.example&select0=c.example")
        #expect(gone.body == "error=0", "\(gone.body)")
        let third = try Self.dadns(["store", "import-reference", source, "--config", config])
        #expect(third.output.contains("import-reference: 0 imported, 1 unchanged, 2 changed here since"), "\(third.output)")
        #expect(third.output.contains("changed here since (left as they are): a.example, c.example"), "\(third.output)")
        #expect(try named.waitFor {
            try named.query("www.a.example", "A").answer == ["192.0.2.21"] && named.query("c.example", "SOA").status == "REFUSED"
        })
        #expect(try daemon.cli(["zone", "show", "a.example"]).output.contains("192.0.2.21"))
    }

    @Test func fromTheReferencesSQLiteFile() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let directory = try Scratch.directory("import-sqlite")
        let fixture = directory.appendingPathComponent("directdnsonly.db").path
        let sql = Self.schema.replacingOccurrences(of: " AUTO_INCREMENT", with: "") + "\n" + Self.rows
        let created = try ProgramRun.run(["/usr/bin/sqlite3", fixture], input: Data(sql.utf8), errors: .merged)
        #expect(created.status == 0, "\(created.text)")
        let config = try StoreCopyEndToEndTests.config(
            in: directory, datastore: "db_location: \(directory.path)/data/dadns.db", backends: DadnsProcess.bindBackend(named))
        try importAndServe(source: fixture, config: config, directory: directory, datastore: "", named: named)
    }

    @Test func fromTheReferencesMySQLDatabaseBesideTheStore() throws {
        let database = try MariaDBServer()
        defer { database.destroy() }
        let named = try NamedServer()
        defer { named.stop() }
        try database.sql(Self.schema + "\n" + Self.rows)
        let directory = try Scratch.directory("import-mysql")
        let config = try StoreCopyEndToEndTests.config(
            in: directory, datastore: DadnsProcess.sharedStore(database), backends: DadnsProcess.bindBackend(named))
        try importAndServe(
            source: "mysql", config: config, directory: directory, datastore: DadnsProcess.sharedStore(database), named: named)
        // The reference's table is left as it was, beside dadns's own.
        #expect(try database.sql("SELECT COUNT(*) FROM domains") == ["5"])
        #expect(try database.sql("SELECT COUNT(*) FROM zones") == ["3"])
    }

    @Test func theReferencesZoneTimesReadAsUTC() {
        #expect(StoreReferenceImport.seconds("2026-02-19 01:02:03") == 1_771_462_923)
        #expect(StoreReferenceImport.seconds("2026-02-19T01:02:03.5") == 1_771_462_923.5)
        #expect(StoreReferenceImport.seconds("2026-02-19 01:02:03.456789").map { abs($0 - 1_771_462_923.456789) < 1e-6 } == true)
        #expect(StoreReferenceImport.seconds("yesterday") == nil && StoreReferenceImport.seconds("2026-02-19") == nil)
    }
}
