import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// End to end: two `dadns serve` nodes share one real MariaDB as their store
/// (`datastore.type: mysql`), each with its own named. A change DirectAdmin pushes to either
/// node is served by both named.
@Suite("Two nodes sharing a MariaDB store", .serialized, .offThePool)
struct SharedStoreEndToEndTests {
    @Test func aChangeAcceptedByEitherNodeReachesBothNamed() throws {
        let database = try MariaDBServer()
        defer { database.destroy() }
        let namedA = try NamedServer()
        defer { namedA.stop() }
        let namedB = try NamedServer()
        defer { namedB.stop() }
        let nodeA = try DadnsProcess(
            backends: DadnsProcess.bindBackend(namedA), app: "node_name: node-a", datastore: DadnsProcess.sharedStore(database))
        defer { nodeA.stop(); nodeA.removeFiles() }
        let nodeB = try DadnsProcess(
            backends: DadnsProcess.bindBackend(namedB), app: "node_name: node-b", datastore: DadnsProcess.sharedStore(database))
        defer { nodeB.stop(); nodeB.removeFiles() }

        let pushed = try nodeA.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=shared.example&hostname=da1.example&username=bob",
            DirectAdminToNamedTests.zone("shared.example", serial: 7, address: "192.0.2.7"))
        #expect(pushed.status == 200 && pushed.body == "error=0", "\(pushed.body)")
        for named in [namedA, namedB] {
            #expect(try named.waitFor { try named.query("www.shared.example", "A").answer == ["192.0.2.7"] }, "\(nodeB.log().suffix(3000))")
        }
        // Node B knows the zone and its owner: DirectAdmin's checks answer from the shared state.
        let exists = try nodeB.send("GET", "/CMD_API_DNS_ADMIN?action=exists&domain=shared.example", "")
        #expect(exists.body.hasPrefix("error=0&exists=1"), "\(exists.body)")
        let foreign = try nodeB.send("POST", "/CMD_API_DNS_ADMIN?action=delete&domain=shared.example&hostname=da2.example", "")
        #expect(foreign.status == 403 && foreign.body.contains("belongs%20to%20da1.example"), "\(foreign.body)")

        // A delete accepted by node B leaves both named.
        let deleted = try nodeB.send("POST", "/CMD_API_DNS_ADMIN", "action=delete&cluster=yes&hostname=da1.example&select0=shared.example")
        #expect(deleted.body == "error=0", "\(deleted.body)")
        for named in [namedA, namedB] {
            #expect(try named.waitFor { try named.query("shared.example", "SOA").status == "REFUSED" })
        }
        // Nothing of the store landed in a local SQLite file, and no password in either log.
        for node in [nodeA, nodeB] {
            #expect(!FileManager.default.fileExists(atPath: node.directory.appendingPathComponent("data/dadns.db").path))
            #expect(!node.log().contains(database.password))
            #expect(node.log().contains("store: mysql dadns@127.0.0.1:\(database.port)/\(database.database) as node "))
        }
    }
}
