import Foundation
import Logging
import Testing
@testable import Backends
import DadnsTestKit
import SettingsKit

/// The PowerDNS backend against a real pdns_server (gsqlite3, API on loopback); every effect
/// checked with DNS queries or the server's own API and request log.
@Suite("PowerDNS backend with a real pdns_server", .serialized)
struct PowerDNSBackendTests {
    static func zone(_ domain: String, serial: Int, address: String, extra: String = "") -> String {
        """
        \(domain).\t300\tIN\tSOA\tns1.\(domain). hostmaster.\(domain). \(serial) 3600 900 1209600 300
        \(domain).\t300\tIN\tNS\tns1.\(domain).
        \(domain).\t300\tIN\tMX\t10 mail.\(domain).
        \(domain).\t300\tIN\tTXT\t"v=spf1 a mx -all" "second string"
        \(domain).\t300\tIN\tCAA\t0 issue "letsencrypt.org"
        _sip._tcp.\(domain).\t300\tIN\tSRV\t10 5 5060 sip.\(domain).
        ns1.\(domain).\t300\tIN\tA\t192.0.2.53
        www.\(domain).\t300\tIN\tA\t\(address)
        \(extra)
        """
    }

    static func backend(_ server: PowerDNSServer, key: String? = nil, timeout: Double = 10) -> PowerDNSBackend {
        PowerDNSBackend(
            name: "powerdns", settings: PowerDNSSettings(apiURL: server.apiURL, apiKey: key ?? server.apiKey, timeout: timeout),
            logger: Logger(label: "test"))
    }

    static func serial(_ answer: [String]) -> String? {
        answer.first.map { $0.split(separator: " ") }.flatMap { $0.count > 2 ? String($0[2]) : nil }
    }

    static func failures(_ outcomes: [BackendOutcome]) -> [String] {
        outcomes.compactMap { if case .failed(let text) = $0 { text } else { nil } }
    }

    @Test func newChangedAndDeletedZonesAreServedWithOurSerial() async throws {
        let pdns = try PowerDNSServer()
        defer { pdns.stop() }
        let backend = Self.backend(pdns)
        // Asked before the zone exists: PowerDNS caches the REFUSED answers (its packet cache keeps
        // them for cache-ttl, 20 s), which the purge after the create must drop.
        #expect(try pdns.query("www.one.example", "A").status == "REFUSED")
        #expect(try pdns.query("one.example", "SOA").status == "REFUSED")

        let added = await backend.apply([
            BackendChange(
                domain: "one.example",
                zoneText: Self.zone("one.example", serial: 2024010101, address: "192.0.2.1", extra: "old.one.example.\t60\tIN\tA\t192.0.2.7")),
            BackendChange(domain: "two.example", zoneText: Self.zone("two.example", serial: 7, address: "192.0.2.2")),
        ])
        #expect(added == [.applied, .applied], "\(pdns.log().suffix(2000))")
        #expect(try pdns.query("www.one.example", "A").answer == ["192.0.2.1"])
        #expect(try Self.serial(pdns.query("one.example", "SOA").answer) == "2024010101")
        #expect(try Self.serial(pdns.query("two.example", "SOA").answer) == "7")
        #expect(try pdns.query("one.example", "MX").answer == ["10 mail.one.example."])
        #expect(try pdns.query("one.example", "TXT").answer == ["\"v=spf1 a mx -all\" \"second string\""])
        #expect(try pdns.query("one.example", "CAA").answer == ["0 issue \"letsencrypt.org\""])
        #expect(try pdns.query("_sip._tcp.one.example", "SRV").answer == ["10 5 5060 sip.one.example."])
        #expect(try pdns.zones() == ["one.example": "dadns", "two.example": "dadns"])

        // One RRset changed (www), one removed (old), one added (new AAAA).
        let before = pdns.requests().count
        let changed = await backend.apply([BackendChange(
            domain: "one.example",
            zoneText: Self.zone("one.example", serial: 2024010102, address: "192.0.2.9", extra: "new.one.example.\t60\tIN\tAAAA\t2001:db8::1"))])
        #expect(changed == [.applied])
        #expect(try Self.serial(pdns.query("one.example", "SOA").answer) == "2024010102")
        #expect(try pdns.query("www.one.example", "A").answer == ["192.0.2.9"])
        #expect(try pdns.query("new.one.example", "AAAA").answer == ["2001:db8::1"])
        #expect(try pdns.query("old.one.example", "A").status == "NXDOMAIN")
        // The update was a GET then one PATCH (and the empty PATCH that purges the caches): never a
        // DELETE or a new POST of the zone (no moment without it), never a PUT.
        let update = Array(pdns.requests().dropFirst(before))
        #expect(update == [
            "GET /api/v1/servers/localhost/zones/one.example.", "PATCH /api/v1/servers/localhost/zones/one.example.",
            "PATCH /api/v1/servers/localhost/zones/one.example.",
        ])

        // The same content again: read, nothing to patch.
        let again = pdns.requests().count
        #expect(await backend.apply([BackendChange(
            domain: "one.example",
            zoneText: Self.zone("one.example", serial: 2024010102, address: "192.0.2.9", extra: "new.one.example.\t60\tIN\tAAAA\t2001:db8::1"))])
            == [.applied])
        #expect(!pdns.requests().dropFirst(again).contains { $0.hasPrefix("PATCH") })

        let deleted = await backend.apply([BackendChange(domain: "two.example", zoneText: nil)])
        #expect(deleted == [.applied])
        #expect(try pdns.query("two.example", "SOA").status == "REFUSED")
        #expect(try await backend.inventory() == ["one.example"])
        // Deleting a zone PowerDNS does not have is not an error.
        #expect(await backend.apply([BackendChange(domain: "never.example", zoneText: nil)]) == [.applied])
    }

    @Test func aBatchOfFiveHundredZonesIsServed() async throws {
        let pdns = try PowerDNSServer()
        defer { pdns.stop() }
        let backend = Self.backend(pdns)
        let domains = (0..<500).map { "batch\($0).example" }
        let outcomes = await backend.apply(domains.map { BackendChange(domain: $0, zoneText: Self.zone($0, serial: 1, address: "192.0.2.1")) })
        let failed = Self.failures(outcomes)
        #expect(failed.isEmpty, "\(failed.count) failed, first: \(failed.prefix(2))")
        let served = try Dig.soaRecords(port: pdns.port, zones: domains)
        #expect(served.count == 500)
        #expect(try await backend.inventory() == Set(domains))
        // Big batches list the server's zones first and POST the new ones without looking for each:
        // one listing, 500 POSTs, no GET of a zone.
        #expect(pdns.requests().filter { $0.hasPrefix("GET /api/v1/servers/localhost/zones/") }.isEmpty)

        // The same 500 and 20 new ones again, with a new serial: the 500 are patched, the 20 created.
        let more = domains + (500..<520).map { "batch\($0).example" }
        let again = await backend.apply(more.map { BackendChange(domain: $0, zoneText: Self.zone($0, serial: 2, address: "192.0.2.2")) })
        #expect(Self.failures(again).isEmpty, "\(Self.failures(again).prefix(2))")
        let updated = try Dig.soaRecords(port: pdns.port, zones: more)
        #expect(updated.count == 520 && updated.values.allSatisfy { $0.contains(" 2 3600 ") }, "\(updated.values.filter { !$0.contains(" 2 3600 ") }.prefix(2))")
    }

    @Test func aZoneOverTheBodySizeLimitFailsNamingTheSettingAndTheRestGoesOn() async throws {
        let pdns = try PowerDNSServer(maxBodySizeMB: 1)
        defer { pdns.stop() }
        let backend = Self.backend(pdns)
        let records = (0..<20_000).map { "h\($0).big.example.\t300\tIN\tTXT\t\"\(String(repeating: "x", count: 60))\"" }
        let big = Self.zone("big.example", serial: 1, address: "192.0.2.1", extra: records.joined(separator: "\n"))
        let outcomes = await backend.apply([
            BackendChange(domain: "big.example", zoneText: big),
            BackendChange(domain: "small.example", zoneText: Self.zone("small.example", serial: 1, address: "192.0.2.2")),
        ])
        #expect(outcomes.count == 2)
        let failure = Self.failures([outcomes[0]]).first ?? ""
        #expect(failure.contains("webserver-max-bodysize"), "\(outcomes)")
        #expect(outcomes[1] == .applied)
        #expect(try pdns.query("www.small.example", "A").answer == ["192.0.2.2"])
        #expect(try pdns.query("big.example", "SOA").status == "REFUSED")
    }

    @Test func aRecordPowerDNSRejectsFailsThatZoneOnly() async throws {
        let pdns = try PowerDNSServer()
        defer { pdns.stop() }
        let backend = Self.backend(pdns)
        // LOC in RFC 3597 form: valid for the zone parser, refused by PowerDNS 4.7 (422).
        let loc = "loc.bad.example.\t300\tIN\tTYPE29\t\\# 16 0012161389e4a5b88a0d8f1800989680"
        let outcomes = await backend.apply([
            BackendChange(domain: "good.example", zoneText: Self.zone("good.example", serial: 1, address: "192.0.2.1")),
            BackendChange(domain: "bad.example", zoneText: Self.zone("bad.example", serial: 1, address: "192.0.2.2", extra: loc)),
            BackendChange(domain: "fine.example", zoneText: Self.zone("fine.example", serial: 1, address: "192.0.2.3")),
        ])
        #expect(outcomes[0] == .applied)
        #expect(outcomes[2] == .applied)
        let failure = Self.failures([outcomes[1]]).first ?? ""
        #expect(failure.contains("HTTP 422") && failure.contains("LOC"), "\(outcomes)")
        #expect(try pdns.query("www.fine.example", "A").answer == ["192.0.2.3"])
        #expect(try pdns.query("bad.example", "SOA").status == "REFUSED")
    }

    @Test func aRecordChangedBehindOurBackIsFoundAndHealed() async throws {
        let pdns = try PowerDNSServer()
        defer { pdns.stop() }
        let backend = Self.backend(pdns)
        let text = Self.zone("drift.example", serial: 3, address: "192.0.2.1")
        let steady = Self.zone("steady.example", serial: 3, address: "192.0.2.5")
        let desired = [BackendChange(domain: "drift.example", zoneText: text), BackendChange(domain: "steady.example", zoneText: steady)]
        #expect(await backend.apply(desired) == [.applied, .applied])
        // Presentation differences (PowerDNS prints what it stores its own way) are no drift.
        #expect(try await backend.drifted(desired) == [])

        try pdns.replaceRRset(zone: "drift.example", name: "www.drift.example", type: "A", ttl: 300, contents: ["203.0.113.66"])
        #expect(try pdns.query("www.drift.example", "A").answer == ["203.0.113.66"])
        #expect(try await backend.drifted(desired) == ["drift.example"])

        #expect(await backend.apply([desired[0]]) == [.applied])
        #expect(try pdns.query("www.drift.example", "A").answer == ["192.0.2.1"])
        #expect(try await backend.drifted(desired) == [])

        // A TTL changed, and a record added to our RRset, count too.
        try pdns.replaceRRset(zone: "drift.example", name: "ns1.drift.example", type: "A", ttl: 60, contents: ["192.0.2.53"])
        try pdns.replaceRRset(zone: "steady.example", name: "www.steady.example", type: "A", ttl: 300, contents: ["192.0.2.5", "192.0.2.6"])
        #expect(try await backend.drifted(desired).sorted() == ["drift.example", "steady.example"])
    }

    @Test func recordsOfOneRRsetWithDifferentTTLsAreServedWithTheFirstOnesTTLAsBINDDoes() async throws {
        let pdns = try PowerDNSServer()
        defer { pdns.stop() }
        let backend = Self.backend(pdns)
        let extra = "multi.ttl.example.\t600\tIN\tA\t192.0.2.10\nmulti.ttl.example.\t60\tIN\tA\t192.0.2.11"
        let text = Self.zone("ttl.example", serial: 1, address: "192.0.2.1", extra: extra)
        #expect(await backend.apply([BackendChange(domain: "ttl.example", zoneText: text)]) == [.applied])
        let output = try await ProgramRun.text([
            "/usr/bin/dig", "@127.0.0.1", "-p", String(pdns.port), "multi.ttl.example", "A", "+norecurse", "+noall", "+answer",
        ])
        let ttls = Set(output.split(separator: "\n").map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" })[1] })
        // named-compilezone on the same text: "TTL set to prior TTL (600)" — the first record's.
        #expect(ttls == ["600"], "\(output)")
        #expect(try await backend.drifted([BackendChange(domain: "ttl.example", zoneText: text)]) == [])
    }

    @Test func aWrongKeyFailsClearlyWithoutTheKey() async throws {
        let pdns = try PowerDNSServer()
        defer { pdns.stop() }
        let wrongKey = "wrong-key-\(UUID().uuidString)"
        let backend = Self.backend(pdns, key: wrongKey)
        let outcomes = await backend.apply([
            BackendChange(domain: "a.example", zoneText: Self.zone("a.example", serial: 1, address: "192.0.2.1")),
            BackendChange(domain: "b.example", zoneText: Self.zone("b.example", serial: 1, address: "192.0.2.2")),
        ])
        let failed = Self.failures(outcomes)
        #expect(failed.count == 2)
        for text in failed {
            #expect(text.contains("refused the key (HTTP 401)") && text.contains("dns.backends.powerdns.api_key"), "\(text)")
            #expect(!text.contains(wrongKey) && !text.contains(pdns.apiKey))
        }
        await #expect(throws: PowerDNSError.self) { try await backend.inventory() }
        do {
            _ = try await backend.inventory()
        } catch {
            #expect(!"\(error)".contains(wrongKey))
        }
    }

    @Test func aServerDownFailsTheBatchThenTheSameChangesApply() async throws {
        let pdns = try PowerDNSServer()
        defer { pdns.stop() }
        let backend = Self.backend(pdns, timeout: 3)
        let changes = (0..<5).map { BackendChange(domain: "down\($0).example", zoneText: Self.zone("down\($0).example", serial: 1, address: "192.0.2.1")) }
        pdns.pause()
        let down = await backend.apply(changes)
        let failed = Self.failures(down)
        #expect(failed.count == 5)
        #expect(failed.allSatisfy { $0.contains("unreachable") }, "\(failed)")
        try pdns.restart()
        #expect(await backend.apply(changes) == Array(repeating: .applied, count: 5))
        #expect(try pdns.query("www.down4.example", "A").answer == ["192.0.2.1"])
    }

    @Test func wildcardsIDNAndUnderscoreLabelsAreServed() async throws {
        let pdns = try PowerDNSServer()
        defer { pdns.stop() }
        let backend = Self.backend(pdns)
        let idn = "xn--bcher-kva.example"  // bücher.example
        let extra = """
            *.wild.\(idn).\t300\tIN\tA\t192.0.2.77
            _dmarc.\(idn).\t300\tIN\tTXT\t"v=DMARC1; p=none"
            xn--caf-dma.\(idn).\t300\tIN\tCNAME\twww.\(idn).
            """
        #expect(await backend.apply([BackendChange(domain: idn, zoneText: Self.zone(idn, serial: 9, address: "192.0.2.8", extra: extra))])
            == [.applied])
        #expect(try pdns.query("anything.wild.\(idn)", "A").answer == ["192.0.2.77"])
        #expect(try pdns.query("_dmarc.\(idn)", "TXT").answer == ["\"v=DMARC1; p=none\""])
        #expect(try pdns.query("xn--caf-dma.\(idn)", "A").answer == ["www.\(idn).", "192.0.2.8"])
        #expect(try await backend.drifted([BackendChange(domain: idn, zoneText: Self.zone(idn, serial: 9, address: "192.0.2.8", extra: extra))]) == [])
    }

    @Test func masterKindIsSetOnCreateAndOnAZoneOfAnotherKind() async throws {
        let pdns = try PowerDNSServer()
        defer { pdns.stop() }
        let native = Self.backend(pdns)
        let master = PowerDNSBackend(
            name: "powerdns", settings: PowerDNSSettings(apiURL: pdns.apiURL, apiKey: pdns.apiKey, zoneKind: "Master"),
            logger: Logger(label: "test"))
        #expect(await native.apply([BackendChange(domain: "kind.example", zoneText: Self.zone("kind.example", serial: 1, address: "192.0.2.1"))])
            == [.applied])
        #expect(try pdns.zoneJSON("kind.example")?["kind"] as? String == "Native")
        #expect(await master.apply([BackendChange(domain: "kind.example", zoneText: Self.zone("kind.example", serial: 2, address: "192.0.2.1"))])
            == [.applied])
        #expect(try pdns.zoneJSON("kind.example")?["kind"] as? String == "Master")
        #expect(await master.apply([BackendChange(domain: "new.example", zoneText: Self.zone("new.example", serial: 1, address: "192.0.2.1"))])
            == [.applied])
        #expect(try pdns.zoneJSON("new.example")?["kind"] as? String == "Master")
        // Setting the kind is a PUT of the zone's settings only: the records stay.
        #expect(try Self.serial(pdns.query("kind.example", "SOA").answer) == "2")
    }

    @Test func aZoneOfAnotherAccountIsNeitherChangedNorDeleted() async throws {
        let pdns = try PowerDNSServer()
        defer { pdns.stop() }
        let backend = Self.backend(pdns)
        let created = try pdns.request("POST", "/api/v1/servers/localhost/zones", body: """
            {"name": "theirs.example.", "kind": "Native", "account": "someone-else", "soa_edit_api": "", "rrsets": [
             {"name": "theirs.example.", "type": "SOA", "ttl": 300, "records": [{"content": "ns.theirs.example. h.theirs.example. 77 3600 900 1209600 300", "disabled": false}]},
             {"name": "theirs.example.", "type": "NS", "ttl": 300, "records": [{"content": "ns.theirs.example.", "disabled": false}]}]}
            """)
        #expect(created.status == 201, "\(created.body)")
        let outcome = await backend.apply([BackendChange(domain: "theirs.example", zoneText: Self.zone("theirs.example", serial: 1, address: "192.0.2.1"))])
        let failure = Self.failures(outcome).first ?? ""
        #expect(failure.contains("exists in PowerDNS with account 'someone-else', not 'dadns': left unchanged"), "\(outcome)")
        #expect(await backend.apply([BackendChange(domain: "theirs.example", zoneText: nil)]) == [.applied])
        #expect(try Self.serial(pdns.query("theirs.example", "SOA").answer) == "77")
        #expect(try await backend.inventory().isEmpty)
    }

    @Test func zoneIDsEscapeAsPowerDNSDoes() {
        #expect(PowerDNSZoneID.of("Example.COM") == "example.com.")
        #expect(PowerDNSZoneID.of("_dmarc.example.com.") == "=5Fdmarc.example.com.")
        #expect(PowerDNSZoneID.of("a/b.example") == "a=2Fb.example.")
        #expect(PowerDNSZoneID.of("xn--bcher-kva.example") == "xn--bcher-kva.example.")
    }

    @Test func settingsAreCheckedNamingTheKey() throws {
        func stanza(_ settings: [String: String]) -> BackendStanza {
            BackendStanza(name: "pdns", type: "powerdns", enabled: true, settings: settings)
        }
        #expect(throws: ConfigError.self) { try PowerDNSSettings.preflight(stanza(["api_key": "k", "api_url": "ftp://x"])) }
        do {
            try PowerDNSSettings.preflight(stanza(["api_url": "http://127.0.0.1:8081"]))
            Issue.record("a missing api_key must be refused")
        } catch let error as ConfigError {
            #expect(error.key == "dns.backends.pdns.api_key")
        }
        do {
            try PowerDNSSettings.preflight(stanza(["api_key": "secret-value", "api_url": "http://127.0.0.1:8081/api/v1"]))
            Issue.record("an api_url with /api/v1 must be refused")
        } catch let error as ConfigError {
            #expect(error.key == "dns.backends.pdns.api_url")
            #expect(!error.description.contains("secret-value"))
        }
        try PowerDNSSettings.preflight(stanza(["api_key": "k", "api_url": "https://pdns.example:8081"]))
        #expect(PowerDNSSettings(stanza: stanza(["api_key": "k"])).serverURL == "http://127.0.0.1:8081/api/v1/servers/localhost")
        // gsqlite3_database: a writable file, or refused naming the key.
        do {
            try PowerDNSSettings.preflight(stanza(["api_key": "k", "gsqlite3_database": "/nonexistent/pdns.sqlite3"]))
            Issue.record("a gsqlite3_database that is not a writable file must be refused")
        } catch let error as ConfigError {
            #expect(error.key == "dns.backends.pdns.gsqlite3_database" && error.description.contains("/nonexistent/pdns.sqlite3"), "\(error)")
        }
        let database = try Scratch.directory("pdns-db").appendingPathComponent("pdns.sqlite3")
        defer { try? FileManager.default.removeItem(at: database.deletingLastPathComponent()) }
        #expect(FileManager.default.createFile(atPath: database.path, contents: Data()))
        try PowerDNSSettings.preflight(stanza(["api_key": "k", "gsqlite3_database": database.path]))
        #expect(PowerDNSSettings(stanza: stanza(["api_key": "k", "gsqlite3_database": database.path])).gsqlite3Database == database.path)
        #expect(PowerDNSSettings(stanza: stanza(["api_key": "k"])).gsqlite3Database == nil)
    }
}
