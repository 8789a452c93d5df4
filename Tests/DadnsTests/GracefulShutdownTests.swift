import DirectAdmin
import Engine
import Foundation
import Logging
import Server
import Testing
import DadnsTestKit
import DadnsTestTraits
import ZoneStore

/// SIGTERM: changes refused from then on, the batch in flight finished or left for the restart,
/// exit 0, and a restart resumes where it stopped.
@Suite("Graceful shutdown", .serialized, .offThePool)
struct GracefulShutdownTests {
    @Test func aDrainingReceiverRefusesChangesAndStoresNothing() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("drain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteZoneStore(path: directory.appendingPathComponent("store.db").path)
        let drain = DrainSwitch()
        let receiver = ZoneReceiver(
            store: store, reportParentOwner: true, logger: Logger(label: "test"), clock: { 1000 }, drainSwitch: drain)
        let zone = Array("$TTL 300\n@ IN SOA ns1.d.example. h.d.example. 1 2 3 4 5\n@ IN NS ns1.d.example.\nns1 IN A 192.0.2.1\n".utf8)
        // The receiver says what became of each request; DirectAdminResponse is how the route answers it.
        let before = DirectAdminResponse(await receiver.handle(
            .rawSave(domain: "d.example", zoneText: zone, hostname: "da1", username: "u", reload: false), clientAddress: nil))
        #expect(before.status == 200)

        drain.drain()
        let saveOutcome = await receiver.handle(
            .rawSave(domain: "e.example", zoneText: zone, hostname: "da1", username: "u", reload: false), clientAddress: nil)
        #expect(saveOutcome == .draining)
        let save = DirectAdminResponse(saveOutcome)
        #expect(save.status == 503 && save.body.hasPrefix("error=1&text="))
        let delete = DirectAdminResponse(await receiver.handle(.delete(domains: ["d.example"], hostname: "da1", username: "u"), clientAddress: nil))
        #expect(delete.status == 503)
        let exists = DirectAdminResponse(await receiver.handle(.exists(domain: "d.example", checkParents: true), clientAddress: nil))
        #expect(exists.status == 200 && exists.body.hasPrefix("error=0&exists=1"), "\(exists.body)")
        #expect(try await store.zone("e.example") == nil)
        #expect(try await store.zone("d.example")?.present == true)
    }

    @Test func sigtermExitsPromptlyWithZeroAndTheRestartAppliesWhatWasLeft() throws {
        let named = try NamedServer()
        defer { named.stop() }
        // A long settle delay holds the batch back when SIGTERM arrives.
        let first = try DadnsProcess(backends: DadnsProcess.bindBackend(named), dns: "settle_seconds: 30", extra: "healing: {enabled: false}")
        defer { first.removeFiles() }
        let reply = try first.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=term.example&hostname=da1.example",
            DirectAdminToNamedTests.zone("term.example", serial: 9, address: "192.0.2.9"))
        #expect(reply.body == "error=0")
        Thread.sleep(forTimeInterval: 0.3)
        let started = Date()
        #expect(first.stop() == 0, "\(first.log())")
        #expect(Date().timeIntervalSince(started) < 15, "shutdown waited for the settle delay (30 s)")
        #expect(first.log().contains("dispatcher stopped"))
        #expect(try named.query("term.example", "SOA").status == "REFUSED", "applied before the stop: the test proves nothing")

        let second = try DadnsProcess(directory: first.directory, backends: DadnsProcess.bindBackend(named), extra: "healing: {enabled: false}")
        defer { second.stop() }
        #expect(try named.waitFor { try named.query("term.example", "SOA").answer.first?.contains(" 9 3600 ") == true })
    }
}
