import Foundation
import Testing
import DadnsTestKit
import MariaDB
@testable import ZoneStore

/// The local spool in front of the shared store (`SpoolingZoneStore`): changes accepted while the
/// database is down, forwarded in order when it answers, decided against by newer changes of
/// other nodes; against real MariaDB servers stopped and started by the tests.
@Suite("Spool in front of the shared store", .serialized)
struct SpoolingZoneStoreTests {
    func push(_ domain: String, _ text: String, host: String? = "da1.example") -> ZonePush {
        ZonePush(
            domain: domain, canonicalText: "\(domain). 300 IN TXT \"\(text)\"\n", recordCount: 1, contentHash: "h-\(text)",
            serial: 7, hostname: host, username: "user", clientAddress: nil, source: .directAdmin)
    }

    func mariaDB(_ server: MariaDBServer, node: String) async throws -> MariaDBZoneStore {
        let configuration = MariaDBConfiguration(
            host: "127.0.0.1", port: server.port, username: server.username, password: server.password, database: server.database,
            connectTimeout: 2, readTimeout: 10, writeTimeout: 10)
        return try await MariaDBZoneStore(pool: MariaDBPool(library: try MariaDBLibrary.load(), configuration: configuration), nodeName: node)
    }

    func spooling(_ shared: any ZoneStore, spool path: String? = nil) async throws -> SpoolingZoneStore {
        let path = try path ?? Scratch.directory("spool").appendingPathComponent("spool.db").path
        return try await SpoolingZoneStore(
            shared: shared, spool: try ChangeSpool(path: path), isUnreachable: MariaDBTransactionRetry.isUnreachable)
    }

    func delete(_ store: any ZoneStore, _ domain: String, host: String = "da1.example", at time: Double) async throws -> DeleteOutcome {
        try await store.delete(domain: domain, hostname: host, username: nil, clientAddress: nil, source: .directAdmin, at: time)
    }

    @Test func changesAcceptedWhileTheDatabaseIsDownAreForwardedInOrderWhenItAnswers() async throws {
        let server = try MariaDBServer()
        defer { server.destroy() }
        let store = try await spooling(try await mariaDB(server, node: "node-a"))
        _ = try await store.push(push("a.example", "a1"), at: 1)
        _ = try await store.push(push("b.example", "b1"), at: 1)
        // A rule of the store is not the database being down: refused, not spooled.
        #expect(try await delete(store, "a.example", host: "da9.example", at: 1.5) == .refused(owner: "da1.example"))
        #expect(store.spooledCount == 0)

        server.stop()
        #expect(try await store.push(push("a.example", "a2"), at: 2) == SpoolingZoneStore.spooledPush)
        #expect(try await store.push(push("c.example", "c1"), at: 3) == SpoolingZoneStore.spooledPush)
        #expect(try await delete(store, "b.example", at: 4) == SpoolingZoneStore.spooledDelete)
        #expect(try await store.push(push("a.example", "a3"), at: 5) == SpoolingZoneStore.spooledPush)
        #expect(store.spooledCount == 4)
        let status = try await store.status()
        #expect(status.depth == 4 && status.oldestAcceptedAt == 2 && status.unreachableSince != nil, "\(status)")
        #expect(status.lastError?.contains("MariaDB error 200") == true, "\(status)")
        // Changes are still taken (into the spool): writes are healthy as far as DirectAdmin sees.
        #expect(await store.writeHealth == StoreWriteHealth())
        let down = await store.forwardSpooled()
        guard case .unreachable = down.stoppedBy else { Issue.record("forwarding while down: \(down)"); return }
        #expect(down.results.isEmpty && down.remaining == 4)

        try server.start()
        let pass = await store.forwardSpooled()
        #expect(pass.stoppedBy == nil && pass.remaining == 0 && store.spooledCount == 0)
        #expect(pass.results.map { "\($0.change.action) \($0.change.domain)" } == [
            "save a.example", "save c.example", "delete b.example", "save a.example",
        ])
        #expect(pass.results.allSatisfy { if case .stored = $0.outcome { true } else { false } })
        let a = try #require(try await store.zone("a.example"))
        #expect(a.contentHash == "h-a3" && a.generation == 3 && a.updatedAt == 5)
        #expect(try await store.zone("b.example")?.present == false)
        #expect(try await store.zone("c.example")?.contentHash == "h-c1")
        #expect(try await store.status() == SpoolStatus(path: store.spool.path, depth: 0))
    }

    @Test func aSpooledChangeYieldsToANewerChangeAnotherNodeCommitted() async throws {
        let server = try MariaDBServer()
        defer { server.destroy() }
        let store = try await spooling(try await mariaDB(server, node: "node-a"))
        let nodeB = try await mariaDB(server, node: "node-b")
        _ = try await store.push(push("z.example", "z1"), at: 1)
        _ = try await store.push(push("y.example", "y1"), at: 1)
        _ = try await store.push(push("x.example", "x1"), at: 1)

        server.stop()
        _ = try await store.push(push("z.example", "z2"), at: 2)
        _ = try await delete(store, "y.example", at: 2.5)
        _ = try await store.push(push("x.example", "x2"), at: 2.7)
        #expect(store.spooledCount == 3)

        try server.start()
        // Node B, which could reach the database, took newer changes of z and y meanwhile.
        _ = try await nodeB.push(push("z.example", "z3", host: "da2.example"), at: 3)
        _ = try await nodeB.push(push("y.example", "y3"), at: 3)
        let pass = await store.forwardSpooled()
        #expect(pass.stoppedBy == nil && pass.remaining == 0)
        #expect(pass.results.map(\.decidedAgainst) == [true, true, false])
        if case .superseded(let newer) = pass.results[0].outcome {
            #expect(newer?.contentHash == "h-z3" && newer?.hostname == "da2.example")
        } else {
            Issue.record("z: \(pass.results[0].outcome)")
        }
        #expect(try await nodeB.zone("z.example")?.contentHash == "h-z3")
        #expect(try await nodeB.zone("y.example")?.contentHash == "h-y3")
        #expect(try await nodeB.zone("x.example")?.contentHash == "h-x2")
        #expect(try await nodeB.history(of: "z.example").map(\.generation) == [1, 2])
    }

    /// DirectAdmin's order is the order of acceptance: a push that waited out a connect timeout
    /// before it was spooled still goes before a later one of its zone, and a tie is broken.
    @Test func theSpoolForwardsInTheOrderChangesWereAcceptedNotTheOrderTheyArrived() async throws {
        let spool = try ChangeSpool(path: Scratch.directory("spool").appendingPathComponent("spool.db").path)
        _ = try await spool.append(.push(push("a.example", "second")), at: 2)
        _ = try await spool.append(.push(push("a.example", "first")), at: 1)
        _ = try await spool.append(.push(push("b.example", "b")), at: 1.5)
        let tie = try #require(try await spool.append(.push(push("a.example", "third")), at: 2))
        #expect(tie.acceptedAt == (2.0).nextUp)
        let order = try await spool.oldest(limit: 10).map { change -> String in
            guard case .push(let push) = change.intake else { return "delete" }
            return push.contentHash
        }
        #expect(order == ["h-first", "h-b", "h-second", "h-third"])
        #expect(try await spool.summary() == ChangeSpool.Summary(depth: 4, oldestAcceptedAt: 1))
    }

    /// A crash after the shared store committed a spooled change and before the spool dropped
    /// it: the change is forwarded again after the restart and found already stored.
    @Test(arguments: StoreKind.allCases)
    func aChangeCommittedBeforeItLeftTheSpoolIsNotAppliedTwice(_ kind: StoreKind) async throws {
        let shared = try await kind.open().store
        let path = try Scratch.directory("spool").appendingPathComponent("spool.db").path
        let spool = try ChangeSpool(path: path)
        _ = try await shared.push(push("d.example", "d1"), at: 1)
        let first = try #require(try await spool.append(.push(push("p.example", "p1")), at: 5))
        let second = try #require(try await spool.append(.delete(
            domain: "d.example", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin), at: 5))
        // What the forwarder had committed before it was killed.
        _ = try await shared.pushFetched(push("p.example", "p1"), unchangedSince: first.acceptedAt, at: first.acceptedAt)
        _ = try await shared.delete(
            domain: "d.example", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin,
            unchangedSince: second.acceptedAt, at: second.acceptedAt)

        // Restarted: the spool file still holds both (it is durable), and each is found stored.
        let store = try await spooling(shared, spool: path)
        #expect(store.spooledCount == 2)
        let pass = await store.forwardSpooled()
        #expect(pass.stoppedBy == nil && pass.remaining == 0)
        #expect(pass.results.map { if case .alreadyStored = $0.outcome { true } else { false } } == [true, true])
        #expect(try await shared.history(of: "p.example").map(\.generation) == [1])
        #expect(try await shared.history(of: "d.example").map(\.generation) == [1, 2])
    }
}
