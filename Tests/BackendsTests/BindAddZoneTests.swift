import Foundation
import Testing
@testable import Backends
import DadnsTestKit
import SettingsKit

/// New zones by `rndc addzone` (few new zones among many held), against a real named with
/// `allow-new-zones yes;` (and one without).
@Suite("BIND backend: new zones by rndc addzone", .serialized)
struct BindAddZoneTests {
    static let allowNewZones = "allow-new-zones yes;"

    static func change(_ domain: String, serial: Int = 1, address: String = "192.0.2.1") -> BackendChange {
        BackendChange(domain: domain, zoneText: BindBackendTests.zone(domain, serial: serial, address: address))
    }

    static func delete(_ domain: String) -> BackendChange { BackendChange(domain: domain, zoneText: nil) }

    /// A bind backend on `named` taking up to `addzoneMax` new zones a batch by rndc addzone.
    static func backend(for named: NamedServer, addzoneMax: Int = 100) throws -> BindBackend {
        var settings = BindBackendTests.settings(for: named)
        settings.zoneConfig = BindZoneConfig(mode: .addzone, addzoneMax: addzoneMax)
        return try BindBackend(name: "bind", settings: settings)
    }

    static func served(_ named: NamedServer, _ domain: String, serial: Int) async throws -> Bool {
        try await Polling.until(seconds: 10) { try named.query(domain, "SOA").answer.first?.contains(" \(serial) 3600 ") == true }
    }

    static func refused(_ named: NamedServer, _ domain: String) async throws -> Bool {
        try await Polling.until(seconds: 10) { try named.query(domain, "SOA").status == "REFUSED" }
    }

    static func addedFile(_ named: NamedServer) -> [String] {
        let text = (try? String(contentsOfFile: named.includeFile + ".added", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
    }

    static func includeZones(_ named: NamedServer) -> Set<String> { BindIncludeFile.zones(inFile: named.includeFile) }

    @Test func fewNewZonesAreAddedByAddzoneListedInAddedAndDeletedByDelzone() async throws {
        let named = try NamedServer(options: Self.allowNewZones)
        defer { named.stop() }
        let bind = try Self.backend(for: named)

        #expect(await bind.apply([Self.change("one.example"), Self.change("two.example")]) == [.applied, .applied])
        #expect(try await Self.served(named, "one.example", serial: 1))
        #expect(try await Self.served(named, "two.example", serial: 1))
        #expect(Self.addedFile(named) == ["one.example", "two.example"])
        #expect(Self.includeZones(named).isEmpty, "a zone added by addzone is also in the include")
        #expect(try named.rndc(["showzone", "one.example"]) == 0, "named does not hold the zone as an added zone")
        #expect(try await bind.inventory() == ["one.example", "two.example"])

        // An edit of an added zone: rndc reload <zone>, served.
        #expect(await bind.apply([Self.change("one.example", serial: 2, address: "192.0.2.9")]) == [.applied])
        #expect(try await Self.served(named, "one.example", serial: 2))

        #expect(await bind.apply([Self.delete("two.example")]) == [.applied])
        #expect(try await Self.refused(named, "two.example"))
        #expect(Self.addedFile(named) == ["one.example"])
        #expect(try named.rndc(["showzone", "two.example"]) != 0, "named still holds the deleted zone")
        #expect(try await bind.inventory() == ["one.example"])
    }

    /// A batch with more new zones than `addzone_max` goes into the include with one reconfig;
    /// a zone added by addzone is never listed in the include, even in such a batch.
    @Test func aBatchAboveTheLimitGoesIntoTheIncludeWithoutTheAddedZones() async throws {
        let named = try NamedServer(options: Self.allowNewZones)
        defer { named.stop() }
        let bind = try Self.backend(for: named, addzoneMax: 2)

        #expect(await bind.apply([Self.change("added.example")]) == [.applied])
        #expect(Self.addedFile(named) == ["added.example"])
        let bulk = ["b1.example", "b2.example", "b3.example"]
        let outcomes = await bind.apply([Self.change("added.example", serial: 2)] + bulk.map { Self.change($0) })
        #expect(outcomes == Array(repeating: .applied, count: 4))
        #expect(Self.includeZones(named) == Set(bulk))
        #expect(Self.addedFile(named) == ["added.example"])
        for domain in bulk { #expect(try await Self.served(named, domain, serial: 1), "\(domain)") }
        #expect(try await Self.served(named, "added.example", serial: 2))
        #expect(try await bind.inventory() == Set(bulk + ["added.example"]))

        // Deletes of both kinds in one batch: one from the include, one by delzone.
        #expect(await bind.apply([Self.delete("b1.example"), Self.delete("added.example")]) == [.applied, .applied])
        #expect(try await Self.refused(named, "b1.example"))
        #expect(try await Self.refused(named, "added.example"))
        #expect(Self.includeZones(named) == ["b2.example", "b3.example"])
        #expect(Self.addedFile(named).isEmpty)
    }

    /// named keeps added zones in its NZD: after a restart they are still served, and the
    /// backend still changes them by rndc.
    @Test func addedZonesAreServedAfterARestartOfNamed() async throws {
        let named = try NamedServer(options: Self.allowNewZones)
        defer { named.stop() }
        let bind = try Self.backend(for: named)
        #expect(await bind.apply([Self.change("kept.example")]) == [.applied])
        #expect(try await Self.served(named, "kept.example", serial: 1))

        try named.restart()
        #expect(try await Self.served(named, "kept.example", serial: 1))
        let again = try Self.backend(for: named)
        #expect(await again.apply([Self.change("kept.example", serial: 3)]) == [.applied])
        #expect(try await Self.served(named, "kept.example", serial: 3))
        #expect(Self.includeZones(named).isEmpty)
    }

    /// A batch stopped between `.added` and rndc: a zone marked `+` that named lacks is added at
    /// the next start, one marked `-` that named still has is deleted, and the marks go.
    @Test func aCrashBetweenTheAddedFileAndRndcIsHealedAtStart() async throws {
        let named = try NamedServer(options: Self.allowNewZones)
        defer { named.stop() }
        let bind = try Self.backend(for: named)
        #expect(await bind.apply([Self.change("stays.example"), Self.change("going.example")]) == [.applied, .applied])
        #expect(try await Self.served(named, "going.example", serial: 1))

        // As a crash leaves them: arriving.example's file and mark written, no addzone yet;
        // going.example's file removed and marked, no delzone yet.
        let zones = named.zonesDirectory
        try BindBackendTests.zone("arriving.example", serial: 5, address: "192.0.2.5").write(toFile: zones + "/arriving.example.db", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: zones + "/going.example.db")
        try (BindAddedZones.header + "+arriving.example\n-going.example\nstays.example\n")
            .write(toFile: named.includeFile + ".added", atomically: true, encoding: .utf8)
        #expect(try named.query("arriving.example", "SOA").status == "REFUSED")

        let restarted = try Self.backend(for: named)
        #expect(try await restarted.inventory() == ["arriving.example", "stays.example"])
        #expect(try await Self.served(named, "arriving.example", serial: 5))
        #expect(try await Self.refused(named, "going.example"))
        #expect(Self.addedFile(named) == ["arriving.example", "stays.example"])
    }

    /// A zone named already holds from its NZD (added in an earlier life, `.added` lost) is
    /// taken over: modzone to dadns's file, reloaded. One from named.conf is left alone, with
    /// a message that says so.
    @Test func aZoneAlreadyInNamedIsTakenOverOnlyWhenItCameFromAddzone() async throws {
        let named = try NamedServer(
            options: Self.allowNewZones, config: #"zone "static.example" { type master; file "DIR/static.example.db"; };"#)
        defer { named.stop() }
        let dir = named.directory.path
        for domain in ["static.example", "earlier.example"] {
            try BindBackendTests.zone(domain, serial: 1, address: "192.0.2.1").write(toFile: "\(dir)/\(domain).db", atomically: true, encoding: .utf8)
        }
        _ = try named.rndc(["reload", "static.example"])  // its file came after named started
        #expect(try named.rndc(["addzone", "earlier.example", #"{ type master; file "\#(dir)/earlier.example.db"; };"#]) == 0)
        #expect(try await Self.served(named, "earlier.example", serial: 1))
        #expect(try await Self.served(named, "static.example", serial: 1))

        let bind = try Self.backend(for: named)
        let outcomes = await bind.apply([Self.change("earlier.example", serial: 2), Self.change("static.example", serial: 2)])
        #expect(outcomes.first == .applied, "\(outcomes)")
        #expect(try await Self.served(named, "earlier.example", serial: 2))
        guard case .failed(let reason) = outcomes.last else {
            Issue.record("a zone of named.conf was taken over: \(outcomes)")
            return
        }
        #expect(reason.contains("named already has this zone from its own configuration"), "\(reason)")
        #expect(try named.query("static.example", "SOA").answer.first?.contains(" 1 3600 ") == true, "named.conf's zone was changed")
        #expect(Self.addedFile(named) == ["earlier.example"])
    }

    /// The catalog lists zones added by addzone, and they carry the secondaries' clauses as the
    /// include's zones do; a delzone removes the member.
    @Test func addedZonesAreCatalogMembersWithTheTransferClauses() async throws {
        let named = try NamedServer(options: Self.allowNewZones)
        defer { named.stop() }
        var settings = BindBackendTests.settings(for: named)
        settings.zoneConfig = BindZoneConfig(mode: .addzone)
        settings.catalog = CatalogSettings(catalog: CatalogZone(name: "catalog.example"), secondaries: [CatalogSecondary(address: "127.0.0.1", port: 5399)])
        let bind = try BindBackend(name: "bind", settings: settings)
        #expect(await bind.apply([Self.change("member.example")]) == [.applied])
        #expect(Self.addedFile(named) == ["member.example"])
        let label = CatalogZone.label(for: "member.example")
        #expect(try await Polling.until(seconds: 10) { try named.query("\(label).zones.catalog.example", "PTR").answer == ["member.example."] })
        let shown = try await ProgramRun.text(["/usr/sbin/rndc"] + named.rndcArguments(["showzone", "member.example"]))
        // named shows the statement normalized (`allow-transfer  { 127.0.0.1/32; };`).
        #expect(shown.contains("127.0.0.1/32;") && shown.contains("also-notify { 127.0.0.1 port 5399; }; notify explicit;"), "\(shown)")

        #expect(await bind.apply([Self.delete("member.example")]) == [.applied])
        #expect(try await Polling.until(seconds: 10) { try named.query("\(label).zones.catalog.example", "PTR").status == "NXDOMAIN" })
        #expect(Self.includeZones(named) == ["catalog.example"])
    }

    /// A write of `.added` that a kill interrupted leaves a temporary file beside the include:
    /// removed at the next start, as the include's are.
    @Test func aStaleTemporaryAddedFileIsRemovedAtStart() throws {
        let directory = try Scratch.directory("bind-added-tmp")
        let include = directory.appendingPathComponent("named.conf.include").path
        let stale = directory.appendingPathComponent(TemporaryFileName.make(base: "named.conf.include.added", pid: try StaleTemporaryFilesTests.deadPID())).path
        try "+half.example\n".write(toFile: stale, atomically: false, encoding: .utf8)
        _ = try BindBackend(name: "bind", settings: BindBackendSettings(zonesDirectory: directory.appendingPathComponent("zones").path, includeFile: include))
        #expect(!FileManager.default.fileExists(atPath: stale))
    }

    /// named without `allow-new-zones`: the batch's new zones go into the include instead (in
    /// the same batch, served), and the next new zone too.
    @Test func aNamedRefusingAddzoneGetsTheNewZonesThroughTheInclude() async throws {
        let named = try NamedServer()
        defer { named.stop() }
        let bind = try Self.backend(for: named)
        #expect(await bind.apply([Self.change("first.example")]) == [.applied])
        #expect(try await Self.served(named, "first.example", serial: 1))
        #expect(Self.includeZones(named) == ["first.example"])
        #expect(Self.addedFile(named).isEmpty)
        #expect(await bind.apply([Self.change("second.example")]) == [.applied])
        #expect(try await Self.served(named, "second.example", serial: 1))
        #expect(Self.includeZones(named) == ["first.example", "second.example"])
    }

    /// `dadns doctor`: named refusing addzone is an error with `zone_config: addzone`, a warning
    /// with `auto`, not asked with `include`; a named that allows it is ok.
    @Test func theDoctorSaysWhetherNamedTakesNewZones() async throws {
        let refusing = try NamedServer()
        defer { refusing.stop() }
        let allowing = try NamedServer(options: Self.allowNewZones)
        defer { allowing.stop() }
        func findings(_ named: NamedServer, _ mode: String) async -> [DoctorFinding] {
            let stanza = BackendStanza(name: "bind", type: "bind", enabled: true, settings: [
                "zones_dir": named.zonesDirectory, "named_conf": named.includeFile, "rndc_path": "/usr/sbin/rndc",
                "rndc_server": "127.0.0.1", "rndc_port": String(named.controlPort), "rndc_key_file": named.keyFile, "zone_config": mode,
            ])
            return await BackendKind.bind.serviceChecks(stanza, 10).filter { $0.check == "bind rndc addzone" }
        }
        let refusedStrict = await findings(refusing, "addzone")
        #expect(refusedStrict.map(\.level) == [.error], "\(refusedStrict)")
        #expect(refusedStrict.first?.detail.contains("Not allowing new zones") == true, "\(refusedStrict)")
        #expect(refusedStrict.first?.fix?.contains("allow-new-zones yes;") == true, "\(refusedStrict)")
        #expect(await findings(refusing, "auto").map(\.level) == [.warning])
        #expect(await findings(refusing, "include").isEmpty)
        #expect(await findings(allowing, "auto").map(\.level) == [.ok])
    }
}

@Suite("BIND zone_config and .added")
struct BindZoneConfigTests {
    @Test func autoAddsByAddzoneOnlyWhenThatCostsLessThanAReconfig() {
        let auto = BindZoneConfig()
        #expect(auto.addzoneLimit(zonesHeld: 10) == 0)
        #expect(auto.addzoneLimit(zonesHeld: 832) == 0)
        #expect(auto.addzoneLimit(zonesHeld: 833) == 1)
        #expect(auto.addzoneLimit(zonesHeld: 10_000) == 12)
        #expect(auto.addzoneLimit(zonesHeld: 100_000) == 100)
        #expect(BindZoneConfig(mode: .auto, addzoneMax: 0).addzoneLimit(zonesHeld: 100_000) == 0)
        #expect(BindZoneConfig(mode: .include).addzoneLimit(zonesHeld: 100_000) == 0)
        #expect(BindZoneConfig(mode: .addzone, addzoneMax: 7).addzoneLimit(zonesHeld: 0) == 7)
    }

    @Test func theAddedFileKeepsItsMarksAndDropsUnsafeNames() {
        let text = BindAddedZones.header + "+b.example\n-c.example\na.example\n../etc\nA.example\n"
        let parsed = BindAddedZones(text: text)
        #expect(parsed.states == ["a.example": .live, "b.example": .adding, "c.example": .deleting])
        #expect(parsed.text == BindAddedZones.header + "a.example\n+b.example\n-c.example\n")
        #expect(parsed.members == ["a.example", "b.example"])
        #expect(parsed.unsettled.map(\.zone) == ["b.example", "c.example"])
    }

    @Test func theZoneSettingsAreRead() {
        let stanza = BackendStanza(name: "bind", type: "bind", enabled: true, settings: ["zone_config": "addzone", "addzone_max": "7"])
        #expect(BindBackendSettings(stanza: stanza, searchPath: "").zoneConfig == BindZoneConfig(mode: .addzone, addzoneMax: 7))
        #expect(BindBackendSettings(stanza: BackendStanza(name: "b", type: "bind", enabled: true, settings: [:]), searchPath: "").zoneConfig == BindZoneConfig())
        let paced = BackendStanza(name: "bind", type: "bind", enabled: true, settings: ["reconfig_pacing": "2.5"])
        #expect(BindBackendSettings(stanza: paced, searchPath: "").zoneConfig.pacing.factor == 2.5)
        #expect(BindZoneConfig().pacing == ReconfigPacing(factor: 1, threshold: .milliseconds(200)))
    }
}
