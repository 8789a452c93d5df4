import Foundation
import Logging
import Testing
import DadnsTestKit
@testable import Backends
@testable import Engine
@testable import ZoneStore

/// Issue 9's crash test found zones acknowledged as deleted still served after a restart: the
/// lane had sent them to the backend, dadns was killed before the outcome was recorded, and the
/// delete that followed was skipped as "never held". Here with a real named, deterministically.
@Suite("Killed between a backend write and its record", .serialized)
struct KilledBeforeRecordTests {
    func push(_ store: ZoneStore, _ domain: String, serial: Int, at time: Double) async throws {
        let text = """
            \(domain).\t300\tIN\tSOA\tns1.\(domain). hostmaster.\(domain). \(serial) 3600 900 1209600 300
            \(domain).\t300\tIN\tNS\tns1.\(domain).
            ns1.\(domain).\t300\tIN\tA\t192.0.2.53

            """
        _ = try await store.push(ZonePush(
            domain: domain, canonicalText: text, recordCount: 3, contentHash: "h\(serial)", serial: UInt32(serial),
            hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin), at: time)
    }

    @Test func aZoneDeletedAfterAnUnrecordedWriteIsRemovedFromTheBackend() async throws {
        let named = try NamedServer()
        defer { named.stop() }
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-kill-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let storePath = directory.appendingPathComponent("store.db").path
        let settings = BindBackendSettings(
            zonesDirectory: named.zonesDirectory, includeFile: named.includeFile, rndcPath: "/usr/sbin/rndc",
            rndcServer: "127.0.0.1", rndcPort: named.controlPort, rndcKeyFile: named.keyFile, commandTimeout: 10)
        let clock = ManualClock(1000)

        // First life: the zone reaches named, and the process "dies" before the outcome is recorded.
        let store = try SQLiteZoneStore(path: storePath)
        try await push(store, "doomed.example", serial: 1, at: 1)
        let held = ScriptedBackend(wrapping: try BindBackend(name: "bind", settings: settings), holdingOutcomes: true)
        let firstLane = DispatcherLane(backend: held, store: store, clock: { clock.now }, logger: Logger(label: "test"))
        let firstLife = Task { try await firstLane.runBatch() }
        var written = false
        for _ in 0..<200 where !written {
            written = await held.batchesApplied == 1
            if !written { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(written)
        #expect(try await named.waitFor { try named.query("doomed.example", "SOA").status == "NOERROR" })

        // Second life, on the same database and named: DirectAdmin deletes the zone.
        let reopened = try SQLiteZoneStore(path: storePath)
        let deleted = try await reopened.delete(
            domain: "doomed.example", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin, at: 2)
        #expect(deleted == .deleted(generation: 2))
        let lane = DispatcherLane(
            backend: try BindBackend(name: "bind", settings: settings), store: reopened, clock: { clock.now }, logger: Logger(label: "test"))
        let reports = try await lane.drain()

        #expect(reports.map(\.succeeded) == [1], "the delete must be sent to the backend that may hold the zone")
        #expect(try await named.waitFor { try named.query("doomed.example", "SOA").status == "REFUSED" })
        #expect(!FileManager.default.fileExists(atPath: named.zonesDirectory + "/doomed.example.db"))
        #expect(try await reopened.pending(backend: "bind", now: clock.now, limit: 10).isEmpty)
        #expect(try await reopened.pairs(backends: ["bind"], domain: "doomed.example").map(\.state) == [.ok])

        await held.release()
        _ = try await firstLife.value
    }

    @Test func aZoneDeletedBeforeItWasEverSentIsStillSkipped() async throws {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-kill-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteZoneStore(path: directory.appendingPathComponent("store.db").path)
        try await push(store, "brief.example", serial: 1, at: 1)
        _ = try await store.delete(
            domain: "brief.example", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin, at: 2)
        #expect(try await store.pending(backend: "bind", now: 10, limit: 10).isEmpty)

        // Sent once (tracked from then on), then deleted: the delete is due.
        try await push(store, "sent.example", serial: 1, at: 3)
        let first = try await store.pending(backend: "bind", now: 10, limit: 10)
        #expect(first.map(\.domain) == ["sent.example"] && first.map(\.tracked) == [false])
        try await store.markSent(backend: "bind", domains: ["sent.example"])
        #expect(try await store.pending(backend: "bind", now: 10, limit: 10).map(\.tracked) == [true])
        #expect(try await store.pairs(backends: ["bind"], domain: "sent.example").map(\.state) == [.pending])
        _ = try await store.delete(
            domain: "sent.example", hostname: "da1.example", username: nil, clientAddress: nil, source: .directAdmin, at: 4)
        let due = try await store.pending(backend: "bind", now: 10, limit: 10)
        #expect(due.map(\.domain) == ["sent.example"] && due.map(\.present) == [false])
    }
}
