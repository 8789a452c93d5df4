import Foundation
import Logging
import MariaDB
import SettingsKit
import Testing
import DadnsTestKit
@testable import Backends
@testable import Engine
import ZoneStore

/// The probe on a shared store (MariaDB): each node asks about the zones its own backends hold,
/// and what it queues again is its own pair, never the other node's.
@Suite("Served-state probe on a shared store", .serialized)
struct ServedStateProbeSharedStoreTests {
    @Test func eachNodeProbesAndQueuesOnlyItsOwnBackends() async throws {
        let server = try await OffPool.run { try MariaDBServer() }
        defer { server.destroy() }
        let configuration = MariaDBConfiguration(
            host: "127.0.0.1", port: server.port, username: server.username, password: server.password, database: server.database)
        func node(_ name: String) async throws -> MariaDBZoneStore {
            try await MariaDBZoneStore(pool: MariaDBPool(library: try MariaDBLibrary.load(), configuration: configuration), nodeName: name)
        }
        let (a, b) = (try await node("node-a"), try await node("node-b"))
        let (namedA, namedB) = (try NamedServer(), try NamedServer())
        defer { namedA.stop(); namedB.stop() }
        let clock = ManualClock(1000)
        try await ServedStateProbeTests.push(a, "shared.example", serial: 4, at: 1)

        let laneA = ServedStateProbeTests.lane(try BindBackend(name: "bind", settings: ServedStateProbeTests.bindSettings(namedA)), a, clock)
        #expect(try await laneA.drain().map(\.succeeded) == [1])
        #expect(try await namedA.waitFor { try namedA.query("shared.example", "SOA").status == "NOERROR" })
        let probeA = ServedStateProbeTests.probe("bind", port: namedA.port, store: a, clock: clock)
        let probeB = ServedStateProbeTests.probe("bind", port: namedB.port, store: b, clock: clock)
        #expect(await probeA.pass().backends.map(\.served) == [1])
        #expect(await probeB.pass().backends.map(\.total) == [0], "node B's bind has not applied the zone: nothing to ask")

        // Node B's store says its bind holds the zone, but its named never got it.
        try await ServedStateProbeTests.withFilesOnly(b, clock) { lane in
            let reports = try await lane.drain()
            #expect(reports.map(\.succeeded) == [1])
        }
        let report = await probeB.pass()
        #expect(ServedStateProbeTests.state(report, "shared.example") == "missing (REFUSED)")
        #expect(try await b.pairs(backends: ["bind"], domain: "shared.example").map(\.state) == [.pending])
        #expect(try await a.pairs(backends: ["bind"], domain: "shared.example").map(\.state) == [.ok], "node A's pair is left alone")
        #expect(await probeA.pass().backends.map(\.served) == [1])
    }
}
