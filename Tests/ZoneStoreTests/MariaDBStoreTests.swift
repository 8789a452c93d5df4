import Foundation
import Testing
import DadnsTestKit
import MariaDB
@testable import ZoneStore

/// What only the MariaDB store has: a schema several nodes migrate at once, nodes sharing the
/// desired state with their own applied state, conflicts retried whole, write health when the
/// server goes away. Against real servers on loopback.
@Suite("Zone store on MariaDB: nodes, migrations, retries", .serialized)
struct MariaDBStoreTests {
    func push(_ domain: String, _ text: String, host: String? = "da1.example") -> ZonePush {
        ZonePush(
            domain: domain, canonicalText: "\(domain). 300 IN TXT \"\(text)\"\n", recordCount: 1, contentHash: "h-\(text)",
            serial: 7, hostname: host, username: "user", clientAddress: nil, source: .directAdmin)
    }

    func store(
        _ configuration: MariaDBConfiguration, node: String, pollInterval: Duration? = nil,
        retry: MariaDBTransactionRetry = MariaDBTransactionRetry()
    ) async throws -> MariaDBZoneStore {
        try await MariaDBZoneStore(
            pool: MariaDBPool(library: try MariaDBLibrary.load(), configuration: configuration), nodeName: node,
            pollInterval: pollInterval, retry: retry)
    }

    @Test func nodesMigratingAtOnceLeaveOneSchemaOfInnoDBTablesWithPrimaryKeys() async throws {
        let configuration = try await SharedMariaDB.newDatabase()
        let database = try #require(configuration.database)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<4 { group.addTask { _ = try await store(configuration, node: "node-\(index)") } }
            try await group.waitForAll()
        }
        let server = try SharedMariaDB.server.get()
        #expect(try server.rootSQL("SELECT version FROM \(database).schema_migrations ORDER BY version") == ["1", "2", "3", "4"])
        let tables = try server.rootSQL(
            """
            SELECT t.table_name, t.engine, t.table_collation,
                   (SELECT COUNT(*) FROM information_schema.table_constraints c WHERE c.table_schema = t.table_schema
                      AND c.table_name = t.table_name AND c.constraint_type = 'PRIMARY KEY')
            FROM information_schema.tables t WHERE t.table_schema = '\(database)' ORDER BY t.table_name
            """)
        #expect(tables.map { $0.split(separator: "\t").first.map(String.init) } == [
            "applied", "journal", "leases", "nodes", "schema_migrations", "store_probe", "zones", "zone_history",
        ])
        for table in tables { #expect(table.hasSuffix("\tInnoDB\tutf8mb4_bin\t1"), "\(table)") }
    }

    @Test func aSchemaFromANewerDadnsIsRefused() async throws {
        let configuration = try await SharedMariaDB.newDatabase()
        _ = try await store(configuration, node: "node-a")
        try SharedMariaDB.server.get().rootSQL(
            "INSERT INTO \(configuration.database ?? "").schema_migrations VALUES (99, 'future', 0, 'node-z')")
        await #expect(throws: MariaDBError.self) { _ = try await self.store(configuration, node: "node-a") }
    }

    @Test func nodesShareTheDesiredStateAndKeepTheirOwnAppliedState() async throws {
        let configuration = try await SharedMariaDB.newDatabase()
        let nodeA = try await store(configuration, node: "node-a")
        let nodeB = try await store(configuration, node: "node-b")
        _ = try await nodeA.push(push("shared.example", "a"), at: 1)
        #expect(try await nodeB.zone("shared.example")?.generation == 1)
        let pendingA = try await nodeA.pending(backend: "bind", now: 2, limit: 10)
        try await nodeA.markSent(backend: "bind", domains: pendingA.map(\.domain))
        try await nodeA.record(backend: "bind", outcomes: pendingA.map { ($0, .applied) }, at: 2)
        // Node B's bind has not applied it: its own lane still has the work.
        #expect(try await nodeA.pending(backend: "bind", now: 3, limit: 10).isEmpty)
        #expect(try await nodeB.pending(backend: "bind", now: 3, limit: 10).map(\.domain) == ["shared.example"])
        #expect(try await nodeA.upToDate(backend: "bind", among: ["shared.example"]) == ["shared.example"])
        #expect(try await nodeB.upToDate(backend: "bind", among: ["shared.example"]).isEmpty)
        #expect(try await nodeB.pairs(backends: ["bind"]).map(\.state) == [.pending])
        // Node B's bind is being sent the zone (and may hold it from now on).
        try await nodeB.markSent(backend: "bind", domains: ["shared.example"])
        // A delete on node B: both nodes' bind must remove it, and the tombstone stays until both did.
        _ = try await nodeB.delete(
            domain: "shared.example", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin, at: 10)
        let deleteA = try await nodeA.pending(backend: "bind", now: 11, limit: 10)
        #expect(deleteA.map(\.present) == [false])
        try await nodeA.record(backend: "bind", outcomes: deleteA.map { ($0, .applied) }, at: 11)
        let deleteB = try await nodeB.pending(backend: "bind", now: 11, limit: 10)
        #expect(deleteB.map(\.present) == [false])
        #expect(try await nodeB.pruneTombstones(olderThan: 100) == 0)
        try await nodeB.record(backend: "bind", outcomes: deleteB.map { ($0, .applied) }, at: 12)
        #expect(try await nodeA.pruneTombstones(olderThan: 100) == 1)
        #expect(try await nodeB.zone("shared.example") == nil)
    }

    // How fast a change is heard is a figure for the benchmarks, not an assertion here: under
    // the whole suite on two cores a 100 ms poll can be seconds late. This checks that it is heard.
    @Test func aNodeFollowingTheJournalHearsOfAnotherNodesChanges() async throws {
        let configuration = try await SharedMariaDB.newDatabase()
        let nodeA = try await store(configuration, node: "node-a")
        let nodeB = try await store(configuration, node: "node-b", pollInterval: .milliseconds(100))
        let unfollowing = try await store(configuration, node: "node-c")
        // Nothing changed yet: silence. (A subscription ends with the wait that gave up on it,
        // so each wait below has its own.)
        #expect(await !nodeB.desiredStateChanges().announces(within: .milliseconds(400)))
        let push = nodeB.desiredStateChanges()
        _ = try await nodeA.push(self.push("far.example", "a"), at: 1)
        #expect(await push.announces(within: .seconds(15)))
        // A delete is heard too; a store without a poll interval hears only its own changes.
        let delete = nodeB.desiredStateChanges()
        let unfollowed = unfollowing.desiredStateChanges()
        _ = try await nodeA.delete(
            domain: "far.example", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin, at: 2)
        #expect(await delete.announces(within: .seconds(15)))
        #expect(await !unfollowed.announces(within: .milliseconds(300)))
    }

    @Test func oneNodeAtATimeHoldsALeaseAndAKilledHoldersLeaseIsTakenOver() async throws {
        let configuration = try await SharedMariaDB.newDatabase()
        let nodes = [try await store(configuration, node: "node-a"), try await store(configuration, node: "node-b")]
        // Both ask at once, many times over: exactly one holds it each round.
        for round in 0..<10 {
            let name = "job-\(round)"
            let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for node in nodes + nodes { group.addTask { try await node.acquireLease(name, for: 30, at: 100) } }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            let holder = try #require(try await nodes[0].lease(name)).holder
            // The holder's two asks were both granted (a renewal); the other node's none.
            #expect(granted.filter { $0 }.count == 2, "\(granted)")
            #expect(["node-a", "node-b"].contains(holder))
        }
        let (a, b) = (nodes[0], nodes[1])
        #expect(try await a.acquireLease("reconciler", for: 30, at: 1_000))
        #expect(try await !b.acquireLease("reconciler", for: 30, at: 1_029))
        // Renewed by its holder, keeping when it was first taken.
        #expect(try await a.acquireLease("reconciler", for: 30, at: 1_020))
        #expect(try await !b.acquireLease("reconciler", for: 30, at: 1_049))
        #expect(try await a.lease("reconciler") == StoreLease(name: "reconciler", holder: "node-a", acquiredAt: 1_000, expiresAt: 1_050))
        // The holder was killed: once the lease expired, the other node takes it over.
        #expect(try await b.acquireLease("reconciler", for: 30, at: 1_050))
        #expect(try await !a.acquireLease("reconciler", for: 30, at: 1_051))
        // A clean stop gives it up at once.
        try await b.releaseLease("reconciler")
        #expect(try await a.acquireLease("reconciler", for: 30, at: 1_052))
    }

    @Test func heartbeatsListEveryNodeWithItsLastSeenTime() async throws {
        let configuration = try await SharedMariaDB.newDatabase()
        let (a, b) = (try await store(configuration, node: "node-a"), try await store(configuration, node: "node-b"))
        try await a.heartbeat(at: 10, starting: true, version: "1.0")
        try await b.heartbeat(at: 11, starting: true)
        try await a.heartbeat(at: 20)
        #expect(try await b.nodes() == [
            StoreNode(name: "node-a", startedAt: 10, lastSeenAt: 20, version: "1.0"),
            StoreNode(name: "node-b", startedAt: 11, lastSeenAt: 11, version: nil),
        ])
        try await a.heartbeat(at: 30, starting: true, version: "1.1")
        #expect(try await a.nodes().first == StoreNode(name: "node-a", startedAt: 30, lastSeenAt: 30, version: "1.1"))
    }

    @Test func pushesOfTheSameZonesOnTwoNodesAtOnceLoseNone() async throws {
        let configuration = try await SharedMariaDB.newDatabase()
        let nodes = [try await store(configuration, node: "node-a"), try await store(configuration, node: "node-b")]
        let outcomes = try await withThrowingTaskGroup(of: (String, PushOutcome).self) { group in
            for index in 0..<160 {
                let domain = "z\(index % 8).example"
                let node = nodes[index % 2]
                let zonePush = push(domain, "v\(index)")
                group.addTask { (domain, try await node.push(zonePush, at: Double(index))) }
            }
            return try await group.reduce(into: [(String, PushOutcome)]()) { $0.append($1) }
        }
        #expect(outcomes.allSatisfy { $0.1.changed })
        // Twenty pushes per zone, from both nodes: generations 1…20, each given out once.
        for index in 0..<8 {
            let domain = "z\(index).example"
            #expect(outcomes.filter { $0.0 == domain }.map(\.1.generation).sorted() == Array(1...20))
            #expect(try await nodes[1].zone(domain)?.generation == 20)
            #expect(try await nodes[0].history(of: domain).map(\.generation).sorted() == Array(1...20))
        }
    }

    /// Pushes arriving together share one transaction (`MariaDBGroupCommit`, one statement per
    /// kind for the group); each is still decided on its own zone as if alone: new zones, an
    /// unchanged one, one whose owner changes, and a zone pushed twice (its second push in a later
    /// group, seeing the first's generation).
    @Test func pushesCommittedTogetherAreEachDecidedAsAlone() async throws {
        let configuration = try await SharedMariaDB.newDatabase()
        let node = try await store(configuration, node: "node-a")
        _ = try await node.push(push("same.example", "v1"), at: 1)
        _ = try await node.push(push("moved.example", "v1"), at: 1)
        var pushes = (0..<60).map { push("new\($0).example", "n\($0)") }
        pushes.insert(push("same.example", "v1"), at: 20)
        pushes.insert(push("moved.example", "v1", host: "da2.example"), at: 40)
        pushes.insert(push("new5.example", "n5-again"), at: 30)
        let outcomes = try await withThrowingTaskGroup(of: (String, PushOutcome).self) { group in
            for zonePush in pushes { group.addTask { (zonePush.domain, try await node.push(zonePush, at: 2)) } }
            return try await group.reduce(into: [(String, PushOutcome)]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0.0 == "same.example" }.map(\.1) == [PushOutcome(generation: 1, changed: false, previousOwner: nil)])
        #expect(outcomes.filter { $0.0 == "moved.example" }.map(\.1) == [PushOutcome(generation: 2, changed: true, previousOwner: "da1.example")])
        #expect(outcomes.filter { $0.0 == "new5.example" }.map(\.1.generation).sorted() == [1, 2])
        for index in 0..<60 where index != 5 {
            #expect(outcomes.filter { $0.0 == "new\(index).example" }.map(\.1) == [PushOutcome(generation: 1, changed: true, previousOwner: nil)])
            #expect(try await node.zone("new\(index).example")?.generation == 1)
        }
        #expect(try await node.zone("new5.example")?.generation == 2)
        #expect(try await node.history(of: "new5.example").map(\.generation).sorted() == [1, 2])
        #expect(try await node.history(of: "same.example").map(\.detail).contains("unchanged"))
        #expect(try await node.zone("moved.example")?.hostname == "da2.example")
        #expect(try await node.history(of: "moved.example").contains { $0.detail == "owner da1.example -> da2.example" })
    }

    /// A trigger fails the journal insert — the last write of a push — with error 1213, as a
    /// deadlock or a Galera certification failure does, while a counter in a non-transactional
    /// table (not rolled back) lasts.
    func failJournalInserts(_ configuration: MariaDBConfiguration, times: Int) throws {
        let connection = try MariaDBConnection(library: try MariaDBLibrary.load(), configuration: configuration)
        try connection.execute("CREATE TABLE IF NOT EXISTS conflicts (id INT PRIMARY KEY, n INT NOT NULL) ENGINE=MyISAM")
        try connection.execute("REPLACE INTO conflicts VALUES (1, \(times))")
        try connection.execute("DROP TRIGGER IF EXISTS journal_conflict")
        try connection.execute(
            """
            CREATE TRIGGER journal_conflict BEFORE INSERT ON journal FOR EACH ROW
            BEGIN
                IF (SELECT n FROM conflicts WHERE id = 1) > 0 THEN
                    UPDATE conflicts SET n = n - 1 WHERE id = 1;
                    SIGNAL SQLSTATE '40001' SET MYSQL_ERRNO = 1213, MESSAGE_TEXT = 'test conflict';
                END IF;
            END
            """)
    }

    func conflictsLeft(_ configuration: MariaDBConfiguration) throws -> String? {
        try SharedMariaDB.server.get().rootSQL("SELECT n FROM \(configuration.database ?? "").conflicts WHERE id = 1").first
    }

    @Test func aConflictIsRetriedAsAWholeTransaction() async throws {
        let configuration = try await SharedMariaDB.newDatabase()
        let store = try await store(configuration, node: "node-a")
        try failJournalInserts(configuration, times: 2)
        #expect(try await store.push(push("retried.example", "a"), at: 1) == PushOutcome(generation: 1, changed: true, previousOwner: nil))
        #expect(try conflictsLeft(configuration) == "0")
        // Run three times, committed once: one generation, one journal entry.
        #expect(try await store.zone("retried.example")?.generation == 1)
        #expect(try await store.history(of: "retried.example").count == 1)
        #expect(await store.writeHealth == StoreWriteHealth())
    }

    @Test func aConflictThatOutlastsTheRetriesLeavesNothingBehind() async throws {
        let configuration = try await SharedMariaDB.newDatabase()
        let store = try await store(
            configuration, node: "node-a", retry: MariaDBTransactionRetry(attempts: 3, firstDelay: .milliseconds(1)))
        try failJournalInserts(configuration, times: 100)
        await #expect(throws: MariaDBError.server(code: 1213, message: "test conflict")) {
            _ = try await store.push(push("lost.example", "a"), at: 1)
        }
        #expect(try conflictsLeft(configuration) == "97")
        // The zone row written before the journal insert failed was rolled back with it.
        #expect(try await store.zone("lost.example") == nil)
        #expect(try await store.history(of: "lost.example").isEmpty)
        // A conflict is not a storage failure.
        #expect(await store.writeHealth == StoreWriteHealth())
    }

    @Test func aLockWaitTimeoutIsRetriedUntilTheLockIsReleased() async throws {
        var configuration = try await SharedMariaDB.newDatabase()
        configuration.initCommand = "SET SESSION innodb_lock_wait_timeout = 1"
        let store = try await store(configuration, node: "node-a")
        _ = try await store.push(push("locked.example", "a"), at: 1)
        // Another client holds the zone's row lock for longer than the store's lock wait.
        let holder = try MariaDBConnection(library: try MariaDBLibrary.load(), configuration: configuration)
        try holder.execute("START TRANSACTION")
        try holder.query("SELECT generation FROM zones WHERE domain = 'locked.example' FOR UPDATE")
        let started = Date()
        let pushing = Task { try await store.push(push("locked.example", "b"), at: 2) }
        try await Task.sleep(for: .milliseconds(1_600))
        try holder.execute("COMMIT")
        #expect(try await pushing.value.generation == 2)
        #expect(Date().timeIntervalSince(started) >= 1.5)
        #expect(try await store.history(of: "locked.example").map(\.generation) == [1, 2])
    }

    @Test func anUnreachableServerMakesWritesFailingUntilAProbeWrites() async throws {
        let server = try MariaDBServer()
        defer { server.destroy() }
        let configuration = MariaDBConfiguration(
            host: "127.0.0.1", port: server.port, username: server.username, password: server.password, database: server.database,
            connectTimeout: 2, readTimeout: 10, writeTimeout: 10)
        let store = try await store(configuration, node: "node-a")
        _ = try await store.push(push("a.example", "a"), at: 1)
        server.stop()
        await #expect(throws: MariaDBError.self) { _ = try await store.push(push("a.example", "b"), at: 2) }
        let failing = store.writeHealth
        #expect(failing.failingSince != nil && failing.lastError?.contains("MariaDB error 20") == true, "\(failing)")
        #expect(await store.checkWritable(at: 3).failingSince != nil)
        try server.start()
        #expect(await store.checkWritable(at: 4) == StoreWriteHealth())
        #expect(try await store.zone("a.example")?.contentHash == "h-a")
    }
}
