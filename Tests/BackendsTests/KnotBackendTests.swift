import Foundation
import Logging
import Testing
@testable import Backends
import DadnsTestKit
import SettingsKit

/// The Knot backend against a real `knotd` running from its configuration database on
/// loopback; every effect checked with DNS queries (dig) or knotc.
@Suite("Knot backend with a real knotd", .serialized)
struct KnotBackendTests {
    static func zone(_ domain: String, serial: Int, address: String, extra: String = "") -> String {
        CoreDNSMySQLBackendTests.zone(domain, serial: serial, address: address, extra: extra)
    }

    static func settings(for knot: KnotServer, template: String = "default") -> KnotBackendSettings {
        KnotBackendSettings(
            zonesDirectory: knot.zonesDirectory, knotcPath: KnotServer.knotcPath, controlSocket: knot.controlSocket,
            template: template, commandTimeout: 30)
    }

    static func serial(_ answer: [String]) -> String? { NSDBackendTests.serial(answer) }

    static func failures(_ outcomes: [BackendOutcome]) -> [String] { NSDBackendTests.failures(outcomes) }

    @Test func addUpdateWithIXFRAndDelete() async throws {
        let knot = try KnotServer()
        defer { knot.stop() }
        let backend = try KnotBackend(name: "knot", settings: Self.settings(for: knot))

        let added = await backend.apply([
            BackendChange(domain: "one.test", zoneText: Self.zone("one.test", serial: 1, address: "192.0.2.1")),
            BackendChange(domain: "two.test", zoneText: Self.zone("two.test", serial: 1, address: "192.0.2.2")),
        ])
        #expect(added == [.applied, .applied], "\(knot.log())")
        // knotc -b waits for the load: served as soon as apply returns.
        #expect(try knot.query("www.one.test", "A").answer == ["192.0.2.1"])
        #expect(try Self.serial(knot.query("two.test", "SOA").answer) == "1")
        #expect(try await backend.inventory() == ["one.test", "two.test"])

        let changed = await backend.apply([BackendChange(domain: "one.test", zoneText: Self.zone("one.test", serial: 2, address: "192.0.2.9"))])
        #expect(changed == [.applied])
        #expect(try Self.serial(knot.query("one.test", "SOA").answer) == "2")
        #expect(try knot.query("www.one.test", "A").answer == ["192.0.2.9"])
        // zonefile-load: difference: Knot journals the change, so a secondary at serial 1 gets an
        // incremental transfer: SOA 2, SOA 1, the removed A, SOA 2, the added A, SOA 2.
        let ixfr = try knot.incrementalTransfer("one.test", fromSerial: 1)
        let soaSerials = ixfr.filter { $0.contains(" SOA ") }.compactMap { $0.split(separator: " ").dropFirst(6).first.map(String.init) }
        #expect(soaSerials == ["2", "1", "2", "2"], "\(ixfr)")
        #expect(ixfr.contains("www.one.test. 300 IN A 192.0.2.1") && ixfr.contains("www.one.test. 300 IN A 192.0.2.9"), "\(ixfr)")
        #expect(!ixfr.contains { $0.hasPrefix("ns1.one.test.") }, "a full transfer, not an incremental one: \(ixfr)")

        let deleted = await backend.apply([BackendChange(domain: "two.test", zoneText: nil)])
        #expect(deleted == [.applied])
        #expect(try knot.query("two.test", "SOA").status == "REFUSED")
        #expect(!FileManager.default.fileExists(atPath: knot.zonesDirectory + "/two.test.zone"))
        #expect(try knot.zoneNames() == ["one.test"])
        #expect(try await backend.inventory() == ["one.test"])

        // Added again with a lower serial: the purge left no journal to replay, so the new
        // content is what Knot serves.
        let again = await backend.apply([BackendChange(domain: "two.test", zoneText: Self.zone("two.test", serial: 1, address: "192.0.2.7"))])
        #expect(again == [.applied], "\(knot.log())")
        #expect(try knot.query("www.two.test", "A").answer == ["192.0.2.7"])

        // Deleting a zone Knot does not have is not an error.
        #expect(await backend.apply([BackendChange(domain: "never.test", zoneText: nil)]) == [.applied])
    }

    /// `zonefile-load: difference` needs a growing serial: the same zone again is left alone (the
    /// journal, so IXFR, stays), other records under the same or an older serial are loaded afresh.
    @Test func aSerialThatDidNotGrowIsLoadedAfresh() async throws {
        let knot = try KnotServer()
        defer { knot.stop() }
        let backend = try KnotBackend(name: "knot", settings: Self.settings(for: knot))
        let first = BackendChange(domain: "s.test", zoneText: Self.zone("s.test", serial: 10, address: "192.0.2.1"))
        #expect(await backend.apply([first]) == [.applied])
        #expect(await backend.apply([BackendChange(domain: "s.test", zoneText: Self.zone("s.test", serial: 11, address: "192.0.2.2"))]) == [.applied])

        #expect(await backend.apply([BackendChange(domain: "s.test", zoneText: Self.zone("s.test", serial: 11, address: "192.0.2.2"))]) == [.applied])
        #expect(!(try knot.incrementalTransfer("s.test", fromSerial: 10).contains { $0.hasPrefix("ns1.s.test.") }), "the journal went")

        #expect(await backend.apply([BackendChange(domain: "s.test", zoneText: Self.zone("s.test", serial: 11, address: "192.0.2.3"))]) == [.applied])
        #expect(try knot.query("www.s.test", "A").answer == ["192.0.2.3"])
        #expect(await backend.apply([first]) == [.applied], "\(knot.log().suffix(1500))")
        #expect(try knot.query("www.s.test", "A").answer == ["192.0.2.1"])
        #expect(try Self.serial(knot.query("s.test", "SOA").answer) == "10")

        // Behind our back Knot got serial 50; our next serial, 11, is newer than ours but not
        // Knot's: the refused reload ("value is out of range") is redone afresh.
        try Self.zone("s.test", serial: 50, address: "198.51.100.50").write(
            toFile: knot.zonesDirectory + "/s.test.zone", atomically: true, encoding: .utf8)
        _ = try knot.control(["zone-reload", "s.test"])
        #expect(try Self.serial(knot.query("s.test", "SOA").answer) == "50")
        #expect(await backend.apply([BackendChange(domain: "s.test", zoneText: Self.zone("s.test", serial: 11, address: "192.0.2.11"))]) == [.applied])
        #expect(try Self.serial(knot.query("s.test", "SOA").answer) == "11")
        #expect(try knot.query("www.s.test", "A").answer == ["192.0.2.11"])
    }

    @Test func fiveHundredZonesInOneTransaction() async throws {
        let knot = try KnotServer()
        defer { knot.stop() }
        let backend = try KnotBackend(name: "knot", settings: Self.settings(for: knot))
        let domains = (0..<500).map { "batch\($0).test" }

        let outcomes = await backend.apply(domains.map { BackendChange(domain: $0, zoneText: Self.zone($0, serial: 7, address: "192.0.2.5")) })
        let failed = Self.failures(outcomes)
        #expect(failed.isEmpty, "\(failed.count) failed, first: \(failed.prefix(2))")
        #expect(try knot.zoneNames().count == 500)
        let served = try Dig.soaRecords(port: knot.port, zones: domains)
        #expect(served.count == 500 && served.values.allSatisfy { $0.contains(" 7 3600 ") }, "\(served.count) served")
        // One transaction: knotd logged one commit for the 500 zones.
        #expect(knot.log().components(separatedBy: "received command 'conf-commit'").count - 1 == 1, "\(knot.log().suffix(2000))")

        let removed = await backend.apply(domains.prefix(250).map { BackendChange(domain: $0, zoneText: nil) })
        #expect(Self.failures(removed).isEmpty, "\(Self.failures(removed).prefix(2))")
        #expect(try knot.zoneNames().count == 250)
        #expect(try Dig.soaRecords(port: knot.port, zones: domains).count == 250)
    }

    @Test func aZoneKnotRejectsFailsWithKnotsWordsAndTheRestApply() async throws {
        let knot = try KnotServer()
        defer { knot.stop() }
        let backend = try KnotBackend(name: "knot", settings: Self.settings(for: knot))
        let good = BackendChange(domain: "good.test", zoneText: Self.zone("good.test", serial: 1, address: "192.0.2.1"))
        let bad = BackendChange(domain: "bad.test", zoneText: Self.zone("bad.test", serial: 1, address: "192.0.2.2", extra: "www.bad.test. 300 IN BOGUSTYPE x\n"))

        let outcomes = await backend.apply([bad, good])
        #expect(outcomes[1] == .applied)
        let message = Self.failures([outcomes[0]]).first ?? ""
        #expect(message.contains("zone-reload bad.test") && message.contains("line 6") && message.contains("unsupported record type"), "\(message)")
        #expect(try knot.query("www.good.test", "A").answer == ["192.0.2.1"])

        // An update Knot cannot load fails, and Knot keeps serving the previous content.
        let changed = await backend.apply([
            BackendChange(domain: "good.test", zoneText: Self.zone("good.test", serial: 2, address: "192.0.2.3", extra: "x 300 IN A 999.1.1.1\n"))
        ])
        #expect(Self.failures(changed).first?.contains("zone-reload good.test") == true, "\(changed)")
        #expect(try knot.query("www.good.test", "A").answer == ["192.0.2.1"])
        // Fixed: applied.
        #expect(await backend.apply([BackendChange(domain: "bad.test", zoneText: Self.zone("bad.test", serial: 2, address: "192.0.2.2"))]) == [.applied])
        #expect(try knot.query("www.bad.test", "A").answer == ["192.0.2.2"])
    }

    @Test func knotdDownFailsTheBatchAndItAppliesOnceKnotdIsBack() async throws {
        let knot = try KnotServer()
        defer { knot.stop() }
        let backend = try KnotBackend(name: "knot", settings: Self.settings(for: knot))
        #expect(await backend.apply([BackendChange(domain: "up.test", zoneText: Self.zone("up.test", serial: 1, address: "192.0.2.1"))]) == [.applied])

        knot.kill()
        let changes = [
            BackendChange(domain: "up.test", zoneText: Self.zone("up.test", serial: 2, address: "192.0.2.2")),
            BackendChange(domain: "new.test", zoneText: Self.zone("new.test", serial: 1, address: "192.0.2.3")),
        ]
        let down = Self.failures(await backend.apply(changes))
        #expect(down.count == 2 && down.allSatisfy { $0.contains("knotd does not answer on \(knot.controlSocket)") }, "\(down)")
        await #expect(throws: KnotBackend.InventoryError.self) { try await backend.inventory() }

        try knot.restart()
        #expect(await backend.apply(changes) == [.applied, .applied], "\(knot.log().suffix(2000))")
        #expect(try knot.query("www.up.test", "A").answer == ["192.0.2.2"])
        #expect(try knot.query("www.new.test", "A").answer == ["192.0.2.3"])
    }

    @Test func driftedFindsContentChangedBehindOurBack() async throws {
        let knot = try KnotServer()
        defer { knot.stop() }
        let backend = try KnotBackend(name: "knot", settings: Self.settings(for: knot))
        let desired = (1...3).map { BackendChange(domain: "d\($0).test", zoneText: Self.zone("d\($0).test", serial: 1, address: "192.0.2.\($0)")) }
        #expect(await backend.apply(desired) == [.applied, .applied, .applied])
        #expect(try await backend.drifted(desired) == [])

        // Behind our back: d1's file edited and reloaded by hand, d2 removed from Knot.
        try Self.zone("d1.test", serial: 1, address: "198.51.100.1").write(toFile: knot.zonesDirectory + "/d1.test.zone", atomically: true, encoding: .utf8)
        _ = try knot.control(["zone-reload", "d1.test"])
        _ = try knot.control(["conf-begin"])
        _ = try knot.control(["conf-unset", "zone[d2.test]"])
        _ = try knot.control(["conf-commit"])
        #expect(try await backend.drifted(desired).sorted() == ["d1.test", "d2.test"])

        // Against a healing pass's held inventory (read once at its start): d2 is drift only because
        // the held set lacks it, d1 still because of its content, d3 is in line.
        let held: Set<String> = ["d1.test", "d3.test"]
        #expect(try await backend.drifted(desired, held: held).sorted() == ["d1.test", "d2.test"])
        #expect(try await backend.drifted([desired[2]], held: []) == ["d3.test"], "a zone the held set lacks is drift")

        // Healing re-applies them.
        #expect(await backend.apply(desired.prefix(2).map { $0 }) == [.applied, .applied])
        #expect(try await backend.drifted(desired) == [])
        #expect(try await backend.drifted(desired, held: Set(desired.map(\.domain))) == [])
        #expect(try knot.query("www.d1.test", "A").answer == ["192.0.2.1"])
    }

    @Test func aTemplateOtherThanDefaultIsGivenToEachZone() async throws {
        let knot = try KnotServer(extraSections: [
            "template": "  - id: dadns\n    storage: /tmp/dadns-knot-elsewhere\n    zonefile-load: difference\n"
        ])
        defer { knot.stop() }
        // The template loads from elsewhere: every zone fails, saying how to fix it.
        let misfit = try KnotBackend(name: "knot", settings: Self.settings(for: knot, template: "dadns"))
        let refused = Self.failures(await misfit.apply([BackendChange(domain: "t.test", zoneText: Self.zone("t.test", serial: 1, address: "192.0.2.1"))]))
        #expect(refused.first?.contains("Knot template 'dadns' loads zone files from /tmp/dadns-knot-elsewhere/%s.zone") == true, "\(refused)")
        let missing = try KnotBackend(name: "knot", settings: Self.settings(for: knot, template: "nope"))
        let absent = Self.failures(await missing.apply([BackendChange(domain: "t.test", zoneText: Self.zone("t.test", serial: 1, address: "192.0.2.1"))]))
        #expect(absent.first?.contains("Knot has no template 'nope'") == true, "\(absent)")

        _ = try knot.control(["conf-begin"])
        _ = try knot.control(["conf-set", "template[dadns].storage", knot.zonesDirectory])
        _ = try knot.control(["conf-commit"])
        let backend = try KnotBackend(name: "knot", settings: Self.settings(for: knot, template: "dadns"))
        #expect(await backend.apply([BackendChange(domain: "t.test", zoneText: Self.zone("t.test", serial: 1, address: "192.0.2.1"))]) == [.applied])
        #expect(try knot.control(["conf-read", "zone[t.test].template"]).contains("= dadns"))
        #expect(try knot.query("www.t.test", "A").answer == ["192.0.2.1"])
    }

    /// `dadns doctor`: knotc status, then the template (present, loading zones_dir, difference).
    @Test func doctorChecksStatusAndTemplate() async throws {
        let knot = try KnotServer(extraSections: ["template": "  - id: whole\n    storage: /tmp/dadns-knot-whole\n"])
        defer { knot.stop() }
        func findings(_ settings: [String: String]) async -> [DoctorFinding] {
            let stanza = BackendStanza(name: "knot", type: "knot", enabled: true, settings: [
                "zones_dir": knot.zonesDirectory, "knotc_path": KnotServer.knotcPath, "control_socket": knot.controlSocket,
            ].merging(settings) { $1 })
            return await BackendKind.knot.serviceChecks(stanza, 10)
        }
        let good = await findings([:])
        #expect(good.map(\.level) == [.ok, .ok], "\(good)")
        #expect(good.last?.detail == "loads \(knot.zonesDirectory)/%s.zone with zonefile-load: difference", "\(good)")
        let misfit = await findings(["template": "whole"])
        #expect(misfit.last?.level == .error && misfit.last?.detail.contains("loads zone files from /tmp/dadns-knot-whole/%s.zone") == true, "\(misfit)")
        let absent = await findings(["template": "nope"])
        #expect(absent.last?.level == .error && absent.last?.fix?.contains("add template 'nope'") == true, "\(absent)")
        knot.kill()
        let down = await findings([:])
        #expect(down.count == 1 && down[0].level == .error && down[0].check == "knot knotc status", "\(down)")
    }

    /// The harness for the catalog work: a second KnotServer configured (through `extraSections`)
    /// as a catalog consumer learns a member zone from a primary's catalog and serves it.
    @Test func aKnotServerCanBeACatalogConsumer() async throws {
        let primary = try KnotServer()
        defer { primary.stop() }
        let backend = try KnotBackend(name: "knot", settings: Self.settings(for: primary))
        let catalog = """
            catalog.test.\t0\tIN\tSOA\tinvalid. invalid. 1 60 60 3600 0
            catalog.test.\t0\tIN\tNS\tinvalid.
            version.catalog.test.\t0\tIN\tTXT\t"2"
            m1.zones.catalog.test.\t0\tIN\tPTR\tmember.test.

            """
        let outcomes = await backend.apply([
            BackendChange(domain: "member.test", zoneText: Self.zone("member.test", serial: 3, address: "192.0.2.33")),
            BackendChange(domain: "catalog.test", zoneText: catalog),
        ])
        #expect(outcomes == [.applied, .applied], "\(primary.log())")

        let consumer = try KnotServer(extraSections: [
            "remote": "  - id: primary\n    address: 127.0.0.1@\(primary.port)\n",
            "template": "  - id: member\n    master: primary\n    zonefile-sync: -1\n",
            "zone": "  - domain: catalog.test\n    master: primary\n    catalog-role: interpret\n    catalog-template: member\n",
        ])
        defer { consumer.stop() }
        #expect(try await consumer.waitFor(seconds: 10) { try consumer.query("www.member.test", "A").answer == ["192.0.2.33"] },
                "\(consumer.log())")
    }

    @Test func hostileNamesAreRefusedBeforeKnotcRuns() async throws {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-knotb-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // A knotc that leaves a mark if it ever runs.
        let knotc = directory.appendingPathComponent("knotc").path
        try "#!/bin/sh\ntouch \(directory.path)/knotc-ran\nexit 1\n".write(toFile: knotc, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: knotc)
        let backend = try KnotBackend(name: "knot", settings: KnotBackendSettings(
            zonesDirectory: directory.appendingPathComponent("zones").path, knotcPath: knotc))
        let names = ["../x", "a\"b", "a;b", "a/b", ".hidden", "a..b", "A.test", "a\u{0}b", "", "a b", "a\nb", "x.test zone-purge", "a[b]"]
        let outcomes = await backend.apply(names.map { BackendChange(domain: $0, zoneText: "x") } + [BackendChange(domain: "../y", zoneText: nil)])
        #expect(outcomes.allSatisfy { if case .failed(let text) = $0 { text.hasPrefix("refused zone name") } else { false } }, "\(outcomes)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("zones").path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("knotc-ran").path))
    }

    /// Settings that cannot work stop start-up with a ConfigError naming the key; knotc missing
    /// is a check-config warning and stops `serve` (make), naming knotc_path.
    @Test func unusableSettingsNameTheirKey() throws {
        func stanza(_ settings: [String: String]) -> BackendStanza {
            BackendStanza(name: "k", type: "knot", enabled: true, settings: ["knotc_path": KnotServer.knotcPath].merging(settings) { $1 })
        }
        for (key, value) in [("template", "a b"), ("zones_dir", "/tmp/with space"), ("zones_dir", "/tmp/x;y"), ("control_socket", "/tmp/" + String(repeating: "s", count: 120))] {
            #expect(throws: ConfigError.self) { try BackendKind.knot.preflight(stanza([key: value])) }
            do {
                try BackendKind.knot.preflight(stanza([key: value]))
            } catch let error as ConfigError {
                #expect(error.key == "dns.backends.k.\(key)", "\(error)")
            }
        }
        try BackendKind.knot.preflight(stanza(["knotc_path": "no-such-knotc"]))
        #expect(BackendKind.knot.warning(stanza(["knotc_path": "no-such-knotc"]), "/nonexistent")?.contains("no 'no-such-knotc' found on PATH") == true)
        #expect(BackendKind.knot.warning(stanza(["knotc_path": "knotc"]), "/usr/sbin") == nil)
        do {
            _ = try BackendKind.knot.make(stanza(["knotc_path": "no-such-knotc", "zones_dir": "/tmp/dadns-knot-unused"]), Logger(label: "test"))
            Issue.record("made a knot backend without knotc")
        } catch let error as ConfigError {
            #expect(error.key == "dns.backends.k.knotc_path" && error.reason.contains("install knotc"), "\(error)")
        }
    }

    @Test func knotcOutputIsReadZoneByZone() {
        // As knotc 3.2 prints them.
        #expect(KnotControlOutput.zoneErrors("error: [bad.test] (failed)\nerror: [x.test.] (no such zone found)\n")
            == ["bad.test": "(failed)", "x.test": "(no such zone found)"])
        #expect(KnotControlOutput.configurationErrors(
            "OK\nerror: (duplicate identifier) zone.domain = d.test\nerror: (invalid identifier) zone[g.test].template = x\nerror: (busy)\n")
            == ["d.test": "error: (duplicate identifier) zone.domain = d.test",
                "g.test": "error: (invalid identifier) zone[g.test].template = x", "": "error: (busy)"])
        #expect(Set(KnotControlOutput.configuredZones("zone.domain = a.test.\nzone.domain = b.test.\n").keys) == ["a.test", "b.test"])
        let template = KnotTemplate(id: "default", confRead: "template.id = default\ntemplate[default].storage = /z/\n")
        #expect(template.filePattern == "/z/%s.zone" && template.mismatch(zonesDirectory: "/z") == nil)
        #expect(KnotTemplate(id: "t", confRead: "").filePattern == "/var/lib/knot/%s.zone")
        #expect(KnotTemplate(id: "t", confRead: "template[t].file = /x/%s.db\n").mismatch(zonesDirectory: "/x") != nil)
    }
}
