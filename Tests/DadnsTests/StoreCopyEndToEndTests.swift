import Foundation
import Testing
import DadnsTestKit
import ZoneStore

/// End to end: `dadns store copy` moves a node's store between SQLite and a real MariaDB and
/// back, is refused while a daemon runs on the SQLite side, finishes after being killed
/// mid-way, and refuses (or with --force writes over) zones the target changed.
@Suite("dadns store copy", .serialized)
struct StoreCopyEndToEndTests {
    /// A configuration for the store commands in `directory` (named `file`): `datastore` keys,
    /// this node named node-a, and `backends` (by default a bind stanza nothing is sent to: the
    /// configuration must name one, as an operator's does).
    static func config(in directory: URL, datastore: String, backends: String? = nil, file: String = "store.yml") throws -> String {
        func indented(_ text: String, _ spaces: Int) -> String {
            text.split(separator: "\n").map { String(repeating: " ", count: spaces) + $0 }.joined(separator: "\n")
        }
        let bind = "bind:\n  enabled: true\n  zones_dir: \(directory.path)/zones\n  named_conf: \(directory.path)/named.conf.include"
        let path = directory.appendingPathComponent(file).path
        try """
            datastore:
            \(indented(datastore, 2))
            app:
              node_name: node-a
            dns:
              backends:
            \(indented(backends ?? bind, 4))

            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `datastore.*` keys for the SQLite file `dbLocation` and `server`'s database.
    static func bothStores(_ server: MariaDBServer, dbLocation: String) -> String {
        "db_location: \(dbLocation)\n" + DadnsProcess.sharedStore(server)
    }

    static func dadns(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try ProgramRun.output([TestBinaries.dadns()] + arguments)
    }

    /// Every row of a SQLite store, for comparing two of them.
    static func rows(_ path: String) async throws -> (zones: [StoredZone], applied: [StoredApplied], journal: [JournalLine]) {
        let store = try SQLiteZoneStore(path: path)
        let zones = try await store.exportZones(after: "", limit: 10_000)
        return (zones, try await store.exportApplied(domains: zones.map(\.domain)), try await store.exportJournal(afterDomain: "", domainLimit: 10_000))
    }

    @Test func aStoreMovesToMariaDBAndBackWithEveryRowAndItsBackendsNeedNothingResent() async throws {
        let database = try await OffPool.run { try MariaDBServer() }
        defer { database.destroy() }
        let named = try NamedServer()
        defer { named.stop() }
        // A node on SQLite that served a few changes through its named.
        let node = try DadnsProcess(backends: DadnsProcess.bindBackend(named))
        defer { node.stop(); node.removeFiles() }
        for (domain, address) in [("a.example", "192.0.2.1"), ("b.example", "192.0.2.2"), ("c.example", "192.0.2.3")] {
            let pushed = try node.send(
                "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domain)&hostname=da1.example&username=bob",
                DirectAdminToNamedTests.zone(domain, serial: 7, address: address))
            #expect(pushed.body == "error=0", "\(pushed.body)")
        }
        let deleted = try node.send("POST", "/CMD_API_DNS_ADMIN", "action=delete&cluster=yes&hostname=da1.example&select0=c.example")
        #expect(deleted.body == "error=0", "\(deleted.body)")
        #expect(try await named.waitFor {
            try named.query("www.b.example", "A").answer == ["192.0.2.2"] && named.query("c.example", "SOA").status == "REFUSED"
        })
        let sqlite = node.directory.appendingPathComponent("data/dadns.db").path
        let config = try Self.config(in: node.directory, datastore: Self.bothStores(database, dbLocation: sqlite))

        // Not while the daemon runs on the file.
        let refused = try Self.dadns(["store", "copy", "--from", "sqlite:\(sqlite)", "--to", "mysql", "--config", config])
        #expect(refused.status == 2 && refused.output.contains("another dadns"), "\(refused.output)")
        #expect(node.stop() == 0)

        let there = try Self.dadns(["store", "copy", "--from", "sqlite:\(sqlite)", "--to", "mysql", "--config", config])
        #expect(there.status == 0 && there.output.contains("verified: identical"), "\(there.output)")
        #expect(there.output.contains("zones: 3 written"), "\(there.output)")
        let back = node.directory.appendingPathComponent("back/dadns.db").path
        let again = try Self.dadns(["store", "copy", "--from", "mysql", "--to", "sqlite:\(back)", "--config", config])
        #expect(again.status == 0 && again.output.contains("verified: identical"), "\(again.output)")

        let original = try await Self.rows(sqlite)
        let returned = try await Self.rows(back)
        #expect(returned.zones == original.zones && original.zones.count == 3)
        #expect(returned.journal == original.journal && original.journal.count == 4)
        #expect(returned.applied == original.applied && original.applied.contains { $0.domain == "a.example" && $0.status == "ok" })

        // The node on MariaDB, as node-a: its named holds every zone already, so nothing is pending.
        let moved = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named), app: "node_name: node-a", datastore: DadnsProcess.sharedStore(database))
        defer { moved.stop(); moved.removeFiles() }
        try await Task.sleep(for: .seconds(2))
        let bind = try moved.backendStatus("bind")
        #expect(bind["pending"] as? Int == 0, "\(bind)")
        #expect(try named.query("www.a.example", "A").answer == ["192.0.2.1"])
        #expect(node.log().contains("Batch started with"))
        #expect(!moved.log().contains("Batch started with"), "\(moved.log())")
    }

    @Test func aCopyKilledMidWayFinishesWhenRunAgainAndAZoneChangedInTheTargetNeedsForce() async throws {
        let database = try await OffPool.run { try MariaDBServer() }
        defer { database.destroy() }
        let directory = try Scratch.directory("store-copy")
        let sqlite = directory.appendingPathComponent("node.db").path
        do {
            let store = try SQLiteZoneStore(path: sqlite)
            for index in 1...60 {
                let domain = String(format: "zone%03d.example", index)
                for version in 1...2 {
                    _ = try await store.push(
                        ZonePush(
                            domain: domain, canonicalText: "\(domain). 300 IN TXT \"v\(version)\"\n", recordCount: 1,
                            contentHash: "h\(index)-\(version)", serial: UInt32(version), hostname: "da1.example", username: "bob",
                            clientAddress: nil, source: .directAdmin),
                        at: 1_780_000_000 + Double(index) + Double(version) / 10)
                }
            }
            for index in stride(from: 5, through: 60, by: 10) {
                _ = try await store.delete(
                    domain: String(format: "zone%03d.example", index), hostname: "da1.example", username: nil, clientAddress: nil,
                    source: .directAdmin, at: 1_780_000_100)
            }
        }
        let config = try Self.config(in: directory, datastore: Self.bothStores(database, dbLocation: sqlite))
        let copy = ["store", "copy", "--from", "sqlite:\(sqlite)", "--to", "mysql", "--batch-size", "5", "--config", config]

        // Killed (SIGKILL) after its third batch of five zones.
        let log = directory.appendingPathComponent("copy.log").path
        var environment = ProcessInfo.processInfo.environment
        environment["DADNS_TEST_COPY_PAUSE_AFTER_BATCHES"] = "3"
        let killed = try SpawnedProcess([try TestBinaries.dadns()] + copy, logFile: log, environment: environment)
        #expect(killed.waitUntil(seconds: 30) { ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("paused after 3 batch(es)") })
        killed.kill()
        _ = await killed.wait()
        #expect(try database.sql("SELECT COUNT(*) FROM zones") == ["15"])
        #expect(try database.sql("SELECT COUNT(*) FROM journal") == ["0"])

        // Run again: it finishes, and nothing is there twice.
        let resumed = try Self.dadns(copy)
        #expect(resumed.status == 0 && resumed.output.contains("verified: identical"), "\(resumed.output)")
        #expect(resumed.output.contains("zones: 45 written, 15 already there"), "\(resumed.output)")
        #expect(try database.sql("SELECT COUNT(*), SUM(present = 0) FROM zones") == ["60\t6"])
        #expect(try database.sql("SELECT COUNT(*), COUNT(DISTINCT domain, generation, action, at) FROM journal") == ["126\t126"])

        // A zone changed in MariaDB since: the copy is refused, and writes nothing.
        try database.sql("UPDATE zones SET generation = 9, content_hash = 'changed', zone_text = 'changed' WHERE domain = 'zone007.example'")
        try database.sql("UPDATE zones SET generation = 1 WHERE domain = 'zone008.example'")
        let refused = try Self.dadns(copy)
        #expect(refused.status == 1 && refused.output.contains("refused: the target holds 1 zone(s)") && refused.output.contains("zone007.example"), "\(refused.output)")
        #expect(try database.sql("SELECT generation FROM zones WHERE domain IN ('zone007.example', 'zone008.example') ORDER BY domain") == ["9", "1"])
        // With --force the source's version is written above the target's generation.
        let forced = try Self.dadns(copy + ["--force"])
        #expect(forced.status == 0 && forced.output.contains("1 forced"), "\(forced.output)")
        #expect(forced.output.contains("1 zone(s) same content at a later generation in the target: zone007.example"), "\(forced.output)")
        #expect(try database.sql("SELECT generation, content_hash FROM zones WHERE domain IN ('zone007.example', 'zone008.example') ORDER BY domain")
            == ["10\th7-2", "2\th8-2"])
    }
}
