import Foundation
import Testing
@testable import Backends
import DadnsTestKit

/// The NSD backend against a real `nsd` on loopback; every effect checked with DNS queries.
@Suite("NSD backend with a real nsd", .serialized)
struct NSDBackendTests {
    static func zone(_ domain: String, serial: Int, address: String) -> String {
        """
        \(domain).\t300\tIN\tSOA\tns1.\(domain). hostmaster.\(domain). \(serial) 3600 900 1209600 300
        \(domain).\t300\tIN\tNS\tns1.\(domain).
        ns1.\(domain).\t300\tIN\tA\t192.0.2.53
        www.\(domain).\t300\tIN\tA\t\(address)

        """
    }

    static func settings(for nsd: NSDServer, includeFile: Bool = false) -> NSDBackendSettings {
        NSDBackendSettings(
            zonesDirectory: nsd.zonesDirectory, includeFile: includeFile ? nsd.includeFile : nil,
            controlPath: NSDServer.controlPath, controlConfig: nsd.configFile, pattern: "dadns", commandTimeout: 20)
    }

    static func serial(_ answer: [String]) -> String? {
        answer.first.map { $0.split(separator: " ") }.flatMap { $0.count > 2 ? String($0[2]) : nil }
    }

    static func failures(_ outcomes: [BackendOutcome]) -> [String] {
        outcomes.compactMap { if case .failed(let text) = $0 { text } else { nil } }
    }

    /// One short issue for a big batch, not a thousand.
    static func expectApplied(_ outcomes: [BackendOutcome], sourceLocation: SourceLocation = #_sourceLocation) {
        let failed = failures(outcomes)
        #expect(failed.count == 0, "\(failed.count) of \(outcomes.count) failed, first: \(failed.prefix(2))", sourceLocation: sourceLocation)
    }

    @Test func newChangedAndDeletedZonesAreServed() async throws {
        let nsd = try NSDServer()
        defer { nsd.stop() }
        let backend = try NSDBackend(name: "nsd", settings: Self.settings(for: nsd))

        let added = await backend.apply([
            BackendChange(domain: "one.example", zoneText: Self.zone("one.example", serial: 1, address: "192.0.2.1")),
            BackendChange(domain: "two.example", zoneText: Self.zone("two.example", serial: 1, address: "192.0.2.2")),
        ])
        #expect(added == [.applied, .applied])
        #expect(try await nsd.waitFor { try nsd.query("www.one.example", "A").answer == ["192.0.2.1"] }, "\(nsd.log())")
        #expect(try await nsd.waitFor { try Self.serial(nsd.query("two.example", "SOA").answer) == "1" })

        let changed = await backend.apply([BackendChange(domain: "one.example", zoneText: Self.zone("one.example", serial: 2, address: "192.0.2.9"))])
        #expect(changed == [.applied])
        #expect(try await nsd.waitFor { try Self.serial(nsd.query("one.example", "SOA").answer) == "2" })
        #expect(try nsd.query("www.one.example", "A").answer == ["192.0.2.9"])

        let deleted = await backend.apply([BackendChange(domain: "two.example", zoneText: nil)])
        #expect(deleted == [.applied])
        #expect(try await nsd.waitFor { try nsd.query("two.example", "SOA").status == "REFUSED" })
        #expect(!FileManager.default.fileExists(atPath: nsd.zonesDirectory + "/two.example.db"))
        #expect(try await backend.inventory() == ["one.example"])
        // Zones added at run time live in NSD's zone list, so a restart keeps them.
        #expect(try String(contentsOfFile: nsd.zoneListFile, encoding: .utf8).contains("add one.example dadns"))

        // Deleting a zone NSD does not have is not an error.
        #expect(await backend.apply([BackendChange(domain: "never.example", zoneText: nil)]) == [.applied])
    }

    @Test func aBurstOfAThousandNewZonesIsServed() async throws {
        let nsd = try NSDServer()
        defer { nsd.stop() }
        let backend = try NSDBackend(name: "nsd", settings: Self.settings(for: nsd))
        let domains = (0..<1000).map { "burst\($0).example" }

        let added = await backend.apply(domains.map { BackendChange(domain: $0, zoneText: Self.zone($0, serial: 1, address: "192.0.2.1")) })
        Self.expectApplied(added)
        #expect(try nsd.zoneNames().count == 1000)
        var served: [String: String] = [:]
        #expect(try await nsd.waitFor(seconds: 30) {
            served = try Dig.soaRecords(port: nsd.port, zones: domains)
            return served.count == 1000
        }, "\(served.count) of 1000 zones served")
        #expect(served.values.allSatisfy { $0.contains(" 1 3600 ") })
        #expect(try await backend.inventory() == Set(domains))

        // Every zone changed at once: one full reload.
        let changed = await backend.apply(domains.map { BackendChange(domain: $0, zoneText: Self.zone($0, serial: 2, address: "192.0.2.2")) })
        Self.expectApplied(changed)
        #expect(try await nsd.waitFor(seconds: 30) {
            served = try Dig.soaRecords(port: nsd.port, zones: domains)
            return served.values.filter { $0.contains(" 2 3600 ") }.count == 1000
        }, "\(served.values.filter { $0.contains(" 2 3600 ") }.count) of 1000 zones at serial 2")

        // And all removed with one delzones.
        let deleted = await backend.apply(domains.map { BackendChange(domain: $0, zoneText: nil) })
        Self.expectApplied(deleted)
        #expect(try nsd.zoneNames().isEmpty)
        #expect(try nsd.query("burst500.example", "SOA").status == "REFUSED")
        #expect(try Dig.soaRecords(port: nsd.port, zones: domains).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: nsd.zonesDirectory).isEmpty)
    }

    @Test func nsdControlFailuresFailTheZonesWithItsWords() async throws {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-nsdb-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let missingConfig = directory.appendingPathComponent("missing.conf").path
        let backend = try NSDBackend(name: "nsd", settings: NSDBackendSettings(
            zonesDirectory: directory.appendingPathComponent("zones").path,
            controlPath: NSDServer.controlPath, controlConfig: missingConfig, commandTimeout: 5))
        let few = await backend.apply([BackendChange(domain: "down.example", zoneText: Self.zone("down.example", serial: 1, address: "192.0.2.1"))])
        let many = await backend.apply((0..<5).map { BackendChange(domain: "down\($0).example", zoneText: nil) })
        for (outcomes, command) in [(few, "nsd-control addzone down.example"), (many, "nsd-control delzone down0.example")] {
            let texts = Self.failures(outcomes)
            #expect(texts.count == outcomes.count)
            // nsd-control's own standard error is in the text.
            #expect(texts.first?.hasPrefix(command) == true, "\(texts)")
            #expect(texts.first?.contains("Could not open \(missingConfig)") == true, "\(texts)")
        }
        await #expect(throws: NSDBackend.InventoryError.self) { try await backend.inventory() }
    }

    @Test func afterACommandTimesOutTheRestOfTheBatchIsNotTried() async throws {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-nsdh-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // nsd-control reaches a socket that never answers, as when nsd is hung.
        let hung = try SilentControlSocket(path: directory.appendingPathComponent("ctl").path)
        defer { hung.close() }
        let config = directory.appendingPathComponent("nsd.conf").path
        try "remote-control:\n    control-enable: yes\n    control-interface: \"\(hung.path)\"\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let backend = try NSDBackend(name: "nsd", settings: NSDBackendSettings(
            zonesDirectory: directory.appendingPathComponent("zones").path, controlPath: NSDServer.controlPath,
            controlConfig: config, commandTimeout: 0.5, zonesPerBatchCommand: 2))
        let zones = { (names: [String]) in names.map { BackendChange(domain: $0, zoneText: Self.zone($0, serial: 1, address: "192.0.2.1")) } }

        // A few zones: one addzone each; after the first timed out, the rest are not run.
        let few = Self.failures(await backend.apply(zones(["h0.example", "h1.example", "h2.example"])))
        #expect(few == [
            "nsd-control addzone h0.example: timed out",
            "nsd-control addzone h1.example: not tried: nsd-control addzone h0.example timed out in this batch",
            "nsd-control addzone h2.example: not tried: nsd-control addzone h0.example timed out in this batch",
        ])
        // Many zones, with deletes: addzones on standard input (two zones a command), then delzones.
        let many = (0..<6).map { "m\($0).example" }
        let manyOutcomes = await backend.apply(zones(many) + (0..<4).map { BackendChange(domain: "gone\($0).example", zoneText: nil) })
        let texts = Self.failures(manyOutcomes)
        #expect(texts.count == 10)
        #expect(texts.prefix(2).allSatisfy { $0.hasSuffix(": timed out") }, "\(texts)")
        #expect(texts.dropFirst(2).allSatisfy { $0.hasSuffix(": not tried: nsd-control addzones timed out in this batch") }, "\(texts)")
        #expect(texts.last?.hasPrefix("nsd-control delzone gone3.example: not tried") == true, "\(texts)")
        // The next batch tries again.
        let next = Self.failures(await backend.apply([BackendChange(domain: "h0.example", zoneText: nil)]))
        #expect(next == ["nsd-control delzone h0.example: timed out"])
    }

    @Test func nsdErrorsAreAttributedToTheirZones() async throws {
        let nsd = try NSDServer()
        defer { nsd.stop() }
        // An operator's own zone in nsd.conf, not ours.
        let hand = "hand.example"
        try Self.zone(hand, serial: 1, address: "192.0.2.7").write(toFile: nsd.zonesDirectory + "/\(hand).db", atomically: true, encoding: .utf8)
        try "zone:\n    name: \"\(hand)\"\n    zonefile: \"\(nsd.zonesDirectory)/\(hand).db\"\n"
            .write(toFile: nsd.includeFile, atomically: true, encoding: .utf8)
        _ = try nsd.control(["reconfig"])
        #expect(try await nsd.waitFor { try nsd.query(hand, "SOA").status == "NOERROR" })

        let backend = try NSDBackend(name: "nsd", settings: Self.settings(for: nsd))
        let domains = (0..<4).map { "mixed\($0).example" }
        let added = await backend.apply(domains.map { BackendChange(domain: $0, zoneText: Self.zone($0, serial: 1, address: "192.0.2.1")) })
        #expect(added == Array(repeating: .applied, count: 4))
        #expect(try await backend.inventory() == Set(domains), "the operator's zone is not ours")

        // One delzones for five zones; NSD refuses only the one from nsd.conf, and exits 0.
        let deleted = await backend.apply((domains + [hand]).map { BackendChange(domain: $0, zoneText: nil) })
        #expect(Array(deleted.prefix(4)) == Array(repeating: .applied, count: 4))
        let refusal = Self.failures(Array(deleted.suffix(1)))
        #expect(refusal.first?.contains("nsd-control delzone hand.example") == true, "\(deleted)")
        #expect(refusal.first?.contains("defined in nsd.conf") == true, "\(deleted)")
        #expect(try nsd.query(hand, "SOA").status == "NOERROR")
        #expect(FileManager.default.fileExists(atPath: nsd.zonesDirectory + "/\(hand).db"), "a zone NSD kept keeps its file")
        #expect(try await nsd.waitFor { try nsd.query("mixed0.example", "SOA").status == "REFUSED" })

        // A pattern NSD does not know fails every zone with NSD's reason.
        var wrong = Self.settings(for: nsd)
        wrong.pattern = "nosuchpattern"
        let lost = await (try NSDBackend(name: "nsd", settings: wrong)).apply(
            (0..<5).map { BackendChange(domain: "lost\($0).example", zoneText: Self.zone("lost\($0).example", serial: 1, address: "192.0.2.1")) })
        let texts = Self.failures(lost)
        #expect(texts.count == 5 && texts.allSatisfy { $0.contains("pattern nosuchpattern does not exist") }, "\(texts)")
    }

    @Test func withTheIncludeFileZonesSurviveARestartAndStillChangeAndGo() async throws {
        let nsd = try NSDServer()
        defer { nsd.stop() }
        let backend = try NSDBackend(name: "nsd", settings: Self.settings(for: nsd, includeFile: true))
        let domains = ["inc0.example", "inc1.example", "inc2.example"]
        let added = await backend.apply(domains.map { BackendChange(domain: $0, zoneText: Self.zone($0, serial: 1, address: "192.0.2.1")) })
        #expect(added == [.applied, .applied, .applied])
        #expect(try await nsd.waitFor { try Dig.soaRecords(port: nsd.port, zones: domains).count == 3 })
        let include = try String(contentsOfFile: nsd.includeFile, encoding: .utf8)
        #expect(include.contains("zone:\n    name: \"inc1.example\"\n    zonefile: \"\(nsd.zonesDirectory)/inc1.example.db\"\n"))
        #expect(NSDIncludeFile.zones(inFile: nsd.includeFile) == Set(domains))

        // After a restart NSD has the zones from the include (and its zone list).
        try nsd.restart()
        #expect(try await nsd.waitFor { try Dig.soaRecords(port: nsd.port, zones: domains).count == 3 })
        #expect(try await backend.inventory() == Set(domains))

        // addzone answers "already exists": the file is reloaded instead.
        let changed = await backend.apply([BackendChange(domain: "inc0.example", zoneText: Self.zone("inc0.example", serial: 5, address: "192.0.2.5"))])
        #expect(changed == [.applied])
        #expect(try await nsd.waitFor { try Self.serial(nsd.query("inc0.example", "SOA").answer) == "5" })

        // delzone refuses a zone from nsd.conf: the include no longer lists it, reconfig drops it.
        let deleted = await backend.apply([BackendChange(domain: "inc1.example", zoneText: nil)])
        #expect(deleted == [.applied])
        #expect(try await nsd.waitFor { try nsd.query("inc1.example", "SOA").status == "REFUSED" })
        #expect(try nsd.query("inc2.example", "SOA").status == "NOERROR")
        #expect(NSDIncludeFile.zones(inFile: nsd.includeFile) == ["inc0.example", "inc2.example"])
        #expect(try await backend.inventory() == ["inc0.example", "inc2.example"])

        // A zone the operator defined in nsd.conf by hand is not ours: its delete fails, it stays.
        let hand = "hand.example"
        try Self.zone(hand, serial: 1, address: "192.0.2.7").write(toFile: nsd.zonesDirectory + "/\(hand).db", atomically: true, encoding: .utf8)
        try "zone:\n    name: \"\(hand)\"\n    zonefile: \"\(nsd.zonesDirectory)/\(hand).db\"\n"
            .write(toFile: nsd.operatorIncludeFile, atomically: true, encoding: .utf8)
        _ = try nsd.control(["reconfig"])
        #expect(try await nsd.waitFor { try nsd.query(hand, "SOA").status == "NOERROR" })
        #expect(try await backend.inventory() == ["inc0.example", "inc2.example"])
        let refused = Self.failures(await backend.apply([BackendChange(domain: hand, zoneText: nil)]))
        #expect(refused.first?.contains("still served after reconfig") == true, "\(refused)")
        #expect(try nsd.query(hand, "SOA").status == "NOERROR")

        // A new zone after the restart is added at run time as usual.
        let late = await backend.apply([BackendChange(domain: "inc3.example", zoneText: Self.zone("inc3.example", serial: 1, address: "192.0.2.3"))])
        #expect(late == [.applied])
        #expect(try await nsd.waitFor { try nsd.query("www.inc3.example", "A").answer == ["192.0.2.3"] })
    }

    @Test func unsafeNamesNeverReachTheFileSystem() async throws {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-nsdb-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let include = directory.appendingPathComponent("nsd.conf.include").path
        // An nsd-control that must never run: a name that fails is refused before any command.
        let backend = try NSDBackend(name: "nsd", settings: NSDBackendSettings(
            zonesDirectory: directory.appendingPathComponent("zones").path, includeFile: include,
            controlPath: directory.appendingPathComponent("no-such-nsd-control").path))
        let names = ["../x", "a\"b", "a;b", "a/b", ".hidden", "a..b", "A.example", "a\u{0}b", "", "a b", "a\nb", "x.example dadns"]
        let outcomes = await backend.apply(names.map { BackendChange(domain: $0, zoneText: "x") })
        #expect(outcomes.allSatisfy { if case .failed(let text) = $0 { text.hasPrefix("refused zone name") } else { false } }, "\(outcomes)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("zones").path).isEmpty)
        #expect(NSDIncludeFile.zones(inFile: include).isEmpty)
        #expect(try String(contentsOfFile: include, encoding: .utf8).contains("zone:") == false)
        #expect(throws: NSDBackend.SettingsError.self) {
            try NSDBackend(name: "nsd", settings: NSDBackendSettings(
                zonesDirectory: directory.appendingPathComponent("zones").path, pattern: "dadns\nx.example other"))
        }
    }

    @Test func batchRepliesAreReadZoneByZone() {
        // As NSD 4.6 prints them, exit status 0.
        let added = NSDControlOutput.batchReplies("""
            added: b.example
            zone a.example already exists
            added: a.example
            error pattern nopat does not exist
            error for input line 'c.example'
            added 2 zones

            """)
        #expect(added == ["b.example": .added, "a.example": .alreadyPresent, "c.example": .failed("error pattern nopat does not exist")])
        let removed = NSDControlOutput.batchReplies("""
            removed: b.example
            warning zone zz.example not present
            error for input line 'zz.example'
            error zone defined in nsd.conf, cannot delete it in this manner: remove it from nsd.conf yourself and repattern
            error for input line 'conf.example'
            deleted 1 zones

            """)
        #expect(removed["b.example"] == .removed)
        #expect(removed["zz.example"] == .notPresent)
        guard case .definedInConfig = removed["conf.example"] else {
            Issue.record("conf.example: \(String(describing: removed["conf.example"]))")
            return
        }
        let status = NSDControlOutput.zoneStatus("zone:\ta.example\n\tpattern: dadns\n\tstate: master\nzone:\tinc.example\n\tstate: master\n")
        let expected: [String: String?] = ["a.example": "dadns", "inc.example": nil]
        #expect(status == expected)
    }
}
