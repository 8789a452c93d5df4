import Foundation
import Testing
@testable import Backends
import DadnsTestKit

/// NSD's drift check against a real `nsd`: a zone NSD does not hold, or whose zone file differs
/// from the desired text (edited by hand, truncated), is drifted; applying the desired zones again
/// rewrites the files and NSD serves the desired records.
@Suite("NSD drift: presence and each zone file's content", .serialized)
struct NSDDriftTests {
    @Test func aZoneFileChangedOnDiskIsDriftAndApplyingAgainServesTheDesiredRecords() async throws {
        let nsd = try NSDServer()
        defer { nsd.stop() }
        let backend = try NSDBackend(name: "nsd", settings: NSDBackendTests.settings(for: nsd))
        let desired = [
            BackendChange(domain: "one.example", zoneText: NSDBackendTests.zone("one.example", serial: 1, address: "192.0.2.1")),
            BackendChange(domain: "two.example", zoneText: NSDBackendTests.zone("two.example", serial: 1, address: "192.0.2.2")),
        ]
        #expect(await backend.apply(desired) == [.applied, .applied])
        #expect(try await nsd.waitFor { try nsd.query("www.two.example", "A").answer == ["192.0.2.2"] }, "\(nsd.log())")
        #expect(try await backend.drifted(desired) == [])

        // Behind dadns's back: one.example's file edited by hand and reloaded, two.example's truncated
        // (NSD keeps serving what it loaded; a reload or restart would take the zone down).
        let onePath = nsd.zonesDirectory + "/one.example.db"
        let edited = try String(contentsOfFile: onePath, encoding: .utf8).replacingOccurrences(of: "192.0.2.1", with: "192.0.2.66")
        try edited.write(toFile: onePath, atomically: true, encoding: .utf8)
        _ = try nsd.control(["reload", "one.example"])
        #expect(try await nsd.waitFor { try nsd.query("www.one.example", "A").answer == ["192.0.2.66"] })
        try Data().write(to: URL(fileURLWithPath: nsd.zonesDirectory + "/two.example.db"))
        #expect(try await backend.drifted(desired) == ["one.example", "two.example"])

        #expect(await backend.apply(desired) == [.applied, .applied])
        #expect(try await backend.drifted(desired) == [])
        #expect(try await nsd.waitFor { try nsd.query("www.one.example", "A").answer == ["192.0.2.1"] })
        // What NSD loads from the files now is the desired zones (before, two.example's reload would have failed).
        _ = try nsd.control(["reload"])
        #expect(try await nsd.waitFor { try Self.serves(nsd, "www.one.example", "192.0.2.1") && Self.serves(nsd, "www.two.example", "192.0.2.2") })
    }

    static func serves(_ nsd: NSDServer, _ name: String, _ address: String) throws -> Bool {
        let answer = try nsd.query(name, "A")
        return answer.status == "NOERROR" && answer.answer == [address]
    }

    @Test func aZoneMissingFromTheHeldInventoryIsDriftEvenWithItsFileRight() async throws {
        let nsd = try NSDServer()
        defer { nsd.stop() }
        let backend = try NSDBackend(name: "nsd", settings: NSDBackendTests.settings(for: nsd))
        let desired = [BackendChange(domain: "one.example", zoneText: NSDBackendTests.zone("one.example", serial: 1, address: "192.0.2.1"))]
        #expect(await backend.apply(desired) == [.applied])
        #expect(try await backend.drifted(desired, held: []) == ["one.example"])
        #expect(try await backend.drifted(desired, held: ["one.example"]) == [])
        _ = try nsd.control(["delzone", "one.example"])
        #expect(try await backend.drifted(desired) == ["one.example"], "the file is still right, NSD no longer holds the zone")
    }
}
