import Foundation
import Testing
@testable import Backends
import DadnsTestKit
import DadnsTestTraits
import SettingsKit

/// The RFC 9432 catalog (schema version 2) the bind and nsd backends publish, its settings, and
/// a bind backend publishing it to a real named.
@Suite("Catalog zones", .serialized, .offThePool)
struct CatalogZoneTests {
    @Test func memberLabelsAreTheSHA256OfTheWireFormatNameAndStable() {
        // Known answers: sha256(b"\x07example\x03com\x00") and sha256(b"\x04shop\x07example\x00"), first 40 hex digits.
        #expect(CatalogZone.label(for: "example.com") == "902e9c464fa43fcab109d1a6b95ddf83338a8cbc")
        #expect(CatalogZone.label(for: "shop.example") == "0a4352a8b6818e243599148f3b297ae34defb319")
        // Case and the trailing dot do not change a zone's label.
        #expect(CatalogZone.label(for: "Example.COM.") == CatalogZone.label(for: "example.com"))
        #expect(CatalogZone.label(for: "example.net") != CatalogZone.label(for: "example.com"))
    }

    @Test func theSerialIsTheClockOrOneMoreThanBefore() {
        #expect(CatalogZone.nextSerial(after: nil, now: 1_800_000_000) == 1_800_000_000)
        #expect(CatalogZone.nextSerial(after: 1_700_000_000, now: 1_800_000_000) == 1_800_000_000)
        // Two batches in one second, or a clock behind the last serial: one more.
        #expect(CatalogZone.nextSerial(after: 1_800_000_000, now: 1_800_000_000) == 1_800_000_001)
        #expect(CatalogZone.nextSerial(after: 1_900_000_000, now: 1_800_000_000) == 1_900_000_001)
    }

    @Test func theCatalogTextIsSchemaVersion2AndNamedChecksItClean() throws {
        let catalog = CatalogZone(name: "Catalog.Example.NET.")
        #expect(catalog.name == "catalog.example.net")
        let text = catalog.text(members: ["b.example", "a.example"], serial: 42)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("@ IN SOA invalid. invalid. 42 3600 600 2147483646 0"))
        #expect(lines.contains("@ IN NS invalid."))
        #expect(lines.contains("version IN TXT \"2\""))
        let members = lines.filter { $0.contains(" PTR ") }
        #expect(members == [
            "\(CatalogZone.label(for: "a.example")).zones IN PTR a.example.",
            "\(CatalogZone.label(for: "b.example")).zones IN PTR b.example.",
        ])
        let read = try #require(CatalogZone.read(text))
        #expect(read.serial == 42 && read.members == ["a.example", "b.example"])

        let scratch = try Scratch.directory("catalog-check")
        let file = scratch.appendingPathComponent("catalog.db").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let check = try ProgramRun.output(["/usr/bin/named-checkzone", "catalog.example.net", file])
        #expect(check.status == 0, "named-checkzone: \(check.output)")
    }

    @Test func theFileIsRewrittenWithANewSerialOnlyWhenItsMembersChange() throws {
        let scratch = try Scratch.directory("catalog-file")
        var file = CatalogFile(zone: CatalogZone(name: "catalog.example"), zonesDirectory: scratch.path)
        #expect(file.members == nil)
        #expect(try file.update(to: ["a.example"]))
        let first = try #require(file.serial)
        #expect(try !file.update(to: ["a.example"]))
        #expect(file.serial == first)
        #expect(try file.update(to: ["a.example", "b.example"]))
        let second = try #require(file.serial)
        #expect(second > first)
        // Read back at start, as after a restart.
        let reread = CatalogFile(zone: CatalogZone(name: "catalog.example"), zonesDirectory: scratch.path)
        #expect(reread.members == ["a.example", "b.example"] && reread.serial == second)
    }

    @Test func secondariesAreIPLiteralsWithAnOptionalPort() {
        #expect(CatalogSecondary(parsing: "192.0.2.1") == CatalogSecondary(address: "192.0.2.1", port: 53))
        #expect(CatalogSecondary(parsing: " 192.0.2.1:5353") == CatalogSecondary(address: "192.0.2.1", port: 5353))
        #expect(CatalogSecondary(parsing: "2001:db8::1") == CatalogSecondary(address: "2001:db8::1", port: 53))
        #expect(CatalogSecondary(parsing: "[2001:db8::1]:5353") == CatalogSecondary(address: "2001:db8::1", port: 5353))
        #expect(CatalogSecondary(parsing: "[2001:db8::1]:5353")?.description == "[2001:db8::1]:5353")
        for bad in ["ns1.example", "192.0.2.1:0", "192.0.2.1:70000", "192.0.2.300", "[192.0.2.1]:53", "1.2.3.4; };", ""] {
            #expect(CatalogSecondary(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func theStanzaIsCheckedKeyByKeyAndTheTSIGKeyReadFromItsFile() throws {
        let scratch = try Scratch.directory("catalog-settings")
        let keyFile = scratch.appendingPathComponent("xfr.key").path
        let key = try ProgramRun.text(["/usr/sbin/tsig-keygen", "-a", "hmac-sha256", "xfr-key"])
        try key.write(toFile: keyFile, atomically: true, encoding: .utf8)
        func stanza(_ settings: [String: String]) -> BackendStanza {
            BackendStanza(name: "bind", type: "bind", enabled: true, settings: settings)
        }
        let settings = try CatalogSettings.checked(stanza([
            "catalog_zone": "catalog.example.", "secondaries": "127.0.0.1:5353,192.0.2.7", "tsig_key_file": keyFile,
        ]))
        #expect(settings.catalog == CatalogZone(name: "catalog.example"))
        #expect(settings.secondaries == [CatalogSecondary(address: "127.0.0.1", port: 5353), CatalogSecondary(address: "192.0.2.7")])
        #expect(settings.tsigKey?.name == "xfr-key" && settings.tsigKey?.algorithm == "hmac-sha256")
        // The secret stays out of every description.
        let secret = try #require(key.split(separator: "\"").dropFirst(3).first)
        #expect(!"\(settings)".isEmpty && !String(describing: settings.tsigKey).contains(secret))

        let clauses = BindIncludeFile.transferClauses(settings)
        #expect(clauses == "allow-transfer { key \"xfr-key\"; }; also-notify { 127.0.0.1 port 5353 key \"xfr-key\"; 192.0.2.7 port 53 key \"xfr-key\"; }; notify explicit; notify-delay 0; ")
        #expect(BindIncludeFile.preamble(settings) == "include \"\(keyFile)\";\n")

        #expect(throws: ConfigError(key: "dns.backends.bind.catalog_zone", reason: "'bad name.example' is not a usable zone name")) {
            try CatalogSettings.checked(stanza(["catalog_zone": "bad name.example"]))
        }
        #expect(throws: ConfigError.self) { try CatalogSettings.checked(stanza(["secondaries": "ns1.example:53"])) }
        #expect(throws: ConfigError.self) { try CatalogSettings.checked(stanza(["tsig_key_file": scratch.path + "/missing.key"])) }
        #expect(CatalogSettings.lenient(stanza([:])).isEmpty)
    }

    @Test func nsdsPatternFileCarriesTransferAndNotifyPerSecondary() {
        let settings = CatalogSettings(
            catalog: CatalogZone(name: "catalog.example"), secondaries: [CatalogSecondary(address: "127.0.0.1", port: 5353)])
        #expect(NSDPatternFile.text(pattern: "dadns", zonesDirectory: "/z", catalog: settings) == """
            # Written by dadns; changes here are overwritten.
            pattern:
                name: "dadns"
                zonefile: "/z/%s.db"
                provide-xfr: 127.0.0.1 NOKEY
                notify: 127.0.0.1@5353 NOKEY

            """)
    }

    /// The bind backend writes the catalog with the batch's zones and named serves it: members
    /// by PTR, the serial bumped once per batch that changes the set, the catalog not a zone of
    /// the inventory, and a pushed zone of the catalog's name refused.
    @Test func aBindBackendPublishesTheCatalogThroughNamed() async throws {
        let named = try NamedServer()
        defer { named.stop() }
        var settings = BindBackendTests.settings(for: named)
        settings.catalog = CatalogSettings(catalog: CatalogZone(name: "catalog.example"), secondaries: [CatalogSecondary(address: "127.0.0.1", port: 5399)])
        let bind = try BindBackend(name: "bind", settings: settings)
        let zone = { (domain: String, serial: Int, address: String) in BindBackendTests.zone(domain, serial: serial, address: address) }

        let added = await bind.apply([
            BackendChange(domain: "one.example", zoneText: zone("one.example", 1, "192.0.2.1")),
            BackendChange(domain: "two.example", zoneText: zone("two.example", 1, "192.0.2.2")),
        ])
        #expect(added == [.applied, .applied])
        let label = CatalogZone.label(for: "two.example")
        #expect(try await named.waitFor { try named.query("\(label).zones.catalog.example", "PTR").answer == ["two.example."] })
        let firstSerial = try #require(try Self.serial(named, "catalog.example"))
        #expect(try named.query("version.catalog.example", "TXT").answer == ["\"2\""])

        // An edit of a member leaves the catalog as it is.
        #expect(await bind.apply([BackendChange(domain: "one.example", zoneText: zone("one.example", 2, "192.0.2.9"))]) == [.applied])
        #expect(try await named.waitFor { try named.query("www.one.example", "A").answer == ["192.0.2.9"] })
        #expect(try Self.serial(named, "catalog.example") == firstSerial)

        #expect(await bind.apply([BackendChange(domain: "two.example", zoneText: nil)]) == [.applied])
        #expect(try await named.waitFor { try named.query("\(label).zones.catalog.example", "PTR").status == "NXDOMAIN" })
        #expect(try Self.serial(named, "catalog.example") ?? 0 > firstSerial)
        #expect(try await bind.inventory() == ["one.example"])

        let include = try String(contentsOfFile: named.includeFile, encoding: .utf8)
        #expect(include.contains(
            "zone \"one.example\" { type master; file \"\(named.zonesDirectory)/one.example.db\"; allow-transfer { 127.0.0.1; }; also-notify { 127.0.0.1 port 5399; }; notify explicit; notify-delay 0; };"))
        #expect(include.contains("zone \"catalog.example\" { type master; file \"\(named.zonesDirectory)/catalog.example.db\";"))
        #expect(await bind.apply([BackendChange(domain: "catalog.example", zoneText: zone("catalog.example", 1, "192.0.2.3"))])
            == [.failed("refused zone 'catalog.example': it is this backend's catalog_zone")])
    }

    static func serial(_ named: NamedServer, _ zone: String) throws -> UInt32? {
        try named.query(zone, "SOA").answer.first.flatMap { answer in
            let fields = answer.split(separator: " ")
            return fields.count > 2 ? UInt32(fields[2]) : nil
        }
    }
}
