import DNSZone
import Foundation
import Logging
import MariaDB
import Testing
import DadnsTestKit
@testable import Backends

/// The coredns_mysql backend against a real MariaDB server started by each test.
@Suite("CoreDNS MySQL backend with a real MariaDB", .serialized)
struct CoreDNSMySQLBackendTests {
    static func zone(_ domain: String, serial: Int, address: String, extra: String = "") -> String {
        """
        \(domain).\t300\tIN\tSOA\tns1.\(domain). hostmaster.\(domain). \(serial) 3600 900 1209600 300
        \(domain).\t300\tIN\tNS\tns1.\(domain).
        \(domain).\t300\tIN\tMX\t10 mail.\(domain).
        ns1.\(domain).\t300\tIN\tA\t192.0.2.53
        www.\(domain).\t300\tIN\tA\t\(address)
        \(extra)
        """
    }

    /// The plugin's own lookup, with the values escaped by the connector.
    static func lookup(_ connection: MariaDBConnection, zone: String, hostname: String, type: String) throws -> [[String?]] {
        try connection.query("""
            SELECT id, zone_id, hostname, type, data, ttl FROM records WHERE online!=0
            and zone_id=(SELECT id FROM zones WHERE zone_name=\(try connection.literal(zone)))
            and hostname=\(try connection.literal(hostname)) and type=\(try connection.literal(type))
            """)
    }

    @Test func everyCorpusRecordIsFoundByThePluginLookup() async throws {
        let server = try await OffPool.run { try MariaDBServer() }
        defer { server.destroy() }
        let backend = try server.backend()
        defer { backend.close() }
        let reader = try server.reader()
        var types: Set<String> = []
        var checked = 0
        var signedRefused = 0
        for file in try BackendCorpus.files() {
            let zone = try ZoneParser.parse(file.text, origin: DNSName(file.origin + "."))
            let records = ZoneWriter.relativeRecords(zone)
            let zoneName = file.origin + "."
            let count = "SELECT COUNT(*) FROM records r JOIN zones z ON z.id = r.zone_id WHERE z.zone_name = \(try reader.literal(zoneName))"
            let signed = records.contains { $0.type == "RRSIG" }
            // (The tables exist once the first, unsigned, file is applied.)
            let before = signed ? try reader.query(count) : []
            let outcome = await backend.apply([BackendChange(domain: file.origin, zoneText: ZoneWriter.canonicalText(zone))])
            let total = try reader.query(count)
            if signed {
                // A signed zone: coredns_mysql_extend cannot serve it, so it is refused whole: no row
                // written, the rows of the zone's previous file (same origin) left as they were.
                guard case .failed(let reason)? = outcome.first, outcome.count == 1 else {
                    Issue.record("\(file.name): a signed zone was stored: \(outcome)")
                    continue
                }
                #expect(reason.hasPrefix("DNSSEC-signed zone refused"), "\(file.name): \(reason)")
                #expect(total == before, "\(file.name)")
                signedRefused += 1
                continue
            }
            #expect(outcome == [.applied], "\(file.name)")
            #expect(total == [[String(Set(records).count)]], "\(file.name)")
            for record in records {
                let rows = try Self.lookup(reader, zone: zoneName, hostname: record.hostname, type: record.type)
                let found = rows.contains { $0[4] == record.data && $0[5] == String(record.ttl) && $0[2] == record.hostname }
                #expect(found, "\(file.name): \(record.hostname) \(record.type) \(record.data) not returned by the plugin lookup")
                types.insert(record.type)
                checked += 1
            }
        }
        #expect(checked > 500)
        #expect(signedRefused > 0, "the corpus has signed zones (36, 37, 50): each refused")
        // Every type of the corpus went through (spot-check the ones DirectAdmin sends and the rare ones).
        for type in ["SOA", "NS", "A", "AAAA", "CNAME", "MX", "TXT", "SRV", "CAA", "TLSA", "DS", "PTR", "NAPTR", "SVCB", "HTTPS", "DNAME"] {
            #expect(types.contains(type), "no \(type) record in the corpus round trip")
        }
        #expect(types.contains { $0.hasPrefix("TYPE") })
    }

    @Test func rowsHaveThePluginsShape() async throws {
        let server = try await OffPool.run { try MariaDBServer() }
        defer { server.destroy() }
        let backend = try server.backend()
        defer { backend.close() }
        let text = Self.zone("shape.example", serial: 1, address: "192.0.2.1", extra: """
            shape.example.\t300\tIN\tTXT\t"v=spf1 -all"
            _sip._tcp.shape.example.\t300\tIN\tSRV\t0 5 5060 sip.shape.example.
            alias.shape.example.\t300\tIN\tCNAME\twww.shape.example.
            *.sub.shape.example.\t60\tIN\tA\t192.0.2.7
            """)
        #expect(await backend.apply([BackendChange(domain: "shape.example", zoneText: text)]) == [.applied])
        #expect(try server.sql("SELECT zone_name, managed_by FROM zones") == ["shape.example.\tdirectadmin"])
        let rows = Set(try server.sql("SELECT hostname, type, data, ttl, online FROM records"))
        #expect(rows == [
            "@\tSOA\tns1.shape.example. hostmaster.shape.example. 1 3600 900 1209600 300\t300\t1",
            "@\tNS\tns1.shape.example.\t300\t1",
            "@\tMX\t10 mail.shape.example.\t300\t1",
            "@\tTXT\t\"v=spf1 -all\"\t300\t1",
            "ns1\tA\t192.0.2.53\t300\t1",
            "www\tA\t192.0.2.1\t300\t1",
            "_sip._tcp\tSRV\t0 5 5060 sip.shape.example.\t300\t1",
            "alias\tCNAME\twww.shape.example.\t300\t1",
            "*.sub\tA\t192.0.2.7\t60\t1",
        ])
        #expect(try await backend.inventory() == ["shape.example"])
        let indexes = try server.sql("SHOW INDEX FROM records WHERE Key_name = 'idx_lookup'")
        #expect(indexes.count == 4)
    }

    @Test func applyChangesOnlyTheRowsThatDiffer() async throws {
        let server = try await OffPool.run { try MariaDBServer() }
        defer { server.destroy() }
        let backend = try server.backend()
        defer { backend.close() }
        let first = Self.zone("diff.example", serial: 1, address: "192.0.2.1", extra: "old.diff.example.\t300\tIN\tA\t192.0.2.99")
        #expect(await backend.apply([BackendChange(domain: "diff.example", zoneText: first)]) == [.applied])
        func ids() throws -> [String: String] {
            Dictionary(uniqueKeysWithValues: try server.sql("SELECT CONCAT(hostname, ' ', type, ' ', data), CONCAT(id, '/', ttl) FROM records").map {
                let parts = $0.split(separator: "\t")
                return (String(parts[0]), String(parts[1]))
            })
        }
        let before = try ids()
        // New serial and address, the NS TTL changed, one record gone, one new.
        let second = Self.zone("diff.example", serial: 2, address: "192.0.2.2", extra: "new.diff.example.\t300\tIN\tA\t192.0.2.98")
            .replacingOccurrences(of: "diff.example.\t300\tIN\tNS", with: "diff.example.\t900\tIN\tNS")
        #expect(await backend.apply([BackendChange(domain: "diff.example", zoneText: second)]) == [.applied])
        let after = try ids()
        #expect(after.count == before.count)
        #expect(after["ns1 A 192.0.2.53"] == before["ns1 A 192.0.2.53"])
        #expect(after["@ MX 10 mail.diff.example."] == before["@ MX 10 mail.diff.example."])
        let nsID = before["@ NS ns1.diff.example."]?.split(separator: "/").first
        #expect(after["@ NS ns1.diff.example."] == nsID.map { "\($0)/900" })
        #expect(after["old A 192.0.2.99"] == nil && after["new A 192.0.2.98"] != nil)
        #expect(after["www A 192.0.2.2"] != nil && after["www A 192.0.2.1"] == nil)
        // Applying the same zone again touches nothing.
        #expect(await backend.apply([BackendChange(domain: "diff.example", zoneText: second)]) == [.applied])
        #expect(try ids() == after)
    }

    @Test func readersNeverSeeAnEmptyOrDoubledZone() async throws {
        let server = try await OffPool.run { try MariaDBServer() }
        defer { server.destroy() }
        let backend = try server.backend(poolSize: 2)
        defer { backend.close() }
        let versionA = Self.zone("busy.example", serial: 1, address: "192.0.2.1")
        let versionB = Self.zone("busy.example", serial: 2, address: "192.0.2.2", extra: "extra.busy.example.\t300\tIN\tA\t192.0.2.3")
        #expect(await backend.apply([BackendChange(domain: "busy.example", zoneText: versionA)]) == [.applied])
        let readerPool = MariaDBPool(library: try MariaDBLibrary.load(), configuration: server.connectionSettings().connection, size: 1)
        defer { readerPool.close() }
        let stop = Flag()
        let reader = Task {
            var reads = 0
            var bad: [String] = []
            while !stop.isRaised {
                let seen = try await readerPool.withConnection { connection in
                    let count = try connection.query(
                        "SELECT COUNT(*) FROM records WHERE zone_id = (SELECT id FROM zones WHERE zone_name = 'busy.example.')")[0][0] ?? ""
                    let soa = try Self.lookup(connection, zone: "busy.example.", hostname: "@", type: "SOA").count
                    let www = try Self.lookup(connection, zone: "busy.example.", hostname: "www", type: "A").count
                    return (count, soa, www)
                }
                reads += 1
                if !["5", "6"].contains(seen.0) || seen.1 != 1 || seen.2 != 1 { bad.append("\(seen)") }
            }
            return (reads, bad)
        }
        var failures = 0
        for round in 0..<1000 {
            let outcome = await backend.apply([BackendChange(domain: "busy.example", zoneText: round % 2 == 0 ? versionB : versionA)])
            if outcome != [.applied] { failures += 1 }
        }
        stop.raise()
        let (reads, bad) = try await reader.value
        #expect(failures == 0)
        #expect(reads > 50)
        #expect(bad.isEmpty, "readers saw \(bad.prefix(5))")
    }

    @Test func foreignZonesAndPluginCreatedTablesAreLeftAlone() async throws {
        let server = try await OffPool.run { try MariaDBServer() }
        defer { server.destroy() }
        // Tables as the plugin's README creates them: no managed_by column.
        try server.sql("""
            CREATE TABLE zones (id INT NOT NULL AUTO_INCREMENT, zone_name VARCHAR(255) NOT NULL, PRIMARY KEY (id), UNIQUE KEY (zone_name));
            CREATE TABLE records (id INT NOT NULL AUTO_INCREMENT, zone_id INT NOT NULL, hostname VARCHAR(512) NOT NULL,
              type VARCHAR(10) NOT NULL, data VARCHAR(1024) NOT NULL, ttl INT NOT NULL DEFAULT 120, online INT NOT NULL DEFAULT 0,
              PRIMARY KEY (id), FOREIGN KEY (zone_id) REFERENCES zones(id), INDEX idx_lookup (zone_id, hostname, type, online));
            INSERT INTO zones (zone_name) VALUES ('legacy.example.');
            INSERT INTO records (zone_id, hostname, type, data, ttl, online) VALUES (1, 'www', 'A', '198.51.100.1', 60, 1);
            """)
        let backend = try server.backend()
        defer { backend.close() }
        let legacy = await backend.apply([BackendChange(domain: "legacy.example", zoneText: Self.zone("legacy.example", serial: 1, address: "192.0.2.1"))])
        #expect(legacy.count == 1 && failureReason(legacy[0])?.contains("zone legacy.example. exists with managed_by NULL") == true, "\(legacy)")
        try server.sql("INSERT INTO zones (zone_name, managed_by) VALUES ('other.example.', 'powerdns-sync')")
        let other = await backend.apply([
            BackendChange(domain: "other.example", zoneText: Self.zone("other.example", serial: 1, address: "192.0.2.1")),
            BackendChange(domain: "mine.example", zoneText: Self.zone("mine.example", serial: 1, address: "192.0.2.1")),
        ])
        #expect(failureReason(other[0])?.contains("managed_by 'powerdns-sync', not 'directadmin': left unchanged") == true, "\(other)")
        #expect(other[1] == .applied)
        // Deleting a foreign zone leaves it as it is.
        #expect(await backend.apply([BackendChange(domain: "legacy.example", zoneText: nil)]) == [.applied])
        #expect(try server.sql("SELECT zone_name, IFNULL(managed_by, 'NULL') FROM zones ORDER BY id") == [
            "legacy.example.\tNULL", "other.example.\tpowerdns-sync", "mine.example.\tdirectadmin",
        ])
        #expect(try server.sql("SELECT hostname, data FROM records WHERE zone_id = 1") == ["www\t198.51.100.1"])
        #expect(try await backend.inventory() == ["mine.example"])
    }

    @Test func deleteRemovesTheRecordsAndTheZone() async throws {
        let server = try await OffPool.run { try MariaDBServer() }
        defer { server.destroy() }
        let backend = try server.backend()
        defer { backend.close() }
        let changes = ["a.example", "b.example"].map { BackendChange(domain: $0, zoneText: Self.zone($0, serial: 1, address: "192.0.2.1")) }
        #expect(await backend.apply(changes) == [.applied, .applied])
        #expect(await backend.apply([BackendChange(domain: "a.example", zoneText: nil), BackendChange(domain: "gone.example", zoneText: nil)])
            == [.applied, .applied])
        #expect(try server.sql("SELECT zone_name FROM zones") == ["b.example."])
        #expect(try server.sql("SELECT COUNT(*) FROM records") == ["5"])
        #expect(try await backend.inventory() == ["b.example"])
        #expect(try await backend.verify(domain: "a.example", zoneText: nil).matches)
    }

    @Test func verificationRemovesRowsAddedBehindItsBack() async throws {
        let server = try await OffPool.run { try MariaDBServer() }
        defer { server.destroy() }
        let log = LogCapture()
        let backend = try server.backend(logger: log.logger)
        defer { backend.close() }
        let text = Self.zone("drift.example", serial: 1, address: "192.0.2.1")
        #expect(await backend.apply([BackendChange(domain: "drift.example", zoneText: text)]) == [.applied])
        // A second copy of a record and a stray one, written by someone else.
        try server.sql("""
            INSERT INTO records (zone_id, hostname, type, data, ttl, online)
            SELECT zone_id, hostname, type, data, ttl, online FROM records WHERE hostname = 'www';
            INSERT INTO records (zone_id, hostname, type, data, ttl, online) SELECT id, 'stray', 'A', '203.0.113.1', 60, 1 FROM zones;
            """)
        #expect(try server.sql("SELECT COUNT(*) FROM records") == ["7"])
        let report = try await backend.verify(domain: "drift.example", zoneText: text)
        #expect(report.extra == 2)
        #expect(report.matches)
        #expect(report.found == 5 && report.expected == 5)
        #expect(try server.sql("SELECT COUNT(*) FROM records") == ["5"])
        #expect(log.messages.contains("coredns_dc1 has 2 extra record(s) for drift.example. — reconciling"), "\(log.messages)")
        // A missing row is reported (the lane then re-applies the zone).
        try server.sql("DELETE FROM records WHERE hostname = 'ns1'")
        let missing = try await backend.verify(domain: "drift.example", zoneText: text)
        #expect(!missing.matches && missing.missing == 1)
        #expect(await backend.apply([BackendChange(domain: "drift.example", zoneText: text)]) == [.applied])
        #expect(try await backend.verify(domain: "drift.example", zoneText: text).matches)
    }

    @Test func aConnectionKilledMidBatchRecovers() async throws {
        let server = try await OffPool.run { try MariaDBServer() }
        defer { server.destroy() }
        let backend = try server.backend(poolSize: 2)
        defer { backend.close() }
        let changes = (0..<400).map { index in
            BackendChange(domain: "z\(index).example", zoneText: Self.zone("z\(index).example", serial: 1, address: "192.0.2.\(index % 250 + 1)"))
        }
        let done = Flag()
        let batch = Task {
            let outcomes = await backend.apply(changes)
            done.raise()
            return outcomes
        }
        // Wait until the batch is writing, then kill every connection of the backend's user.
        var killed: [String] = []
        let deadline = Date().addingTimeInterval(30)
        while killed.isEmpty && Date() < deadline {
            // The backend creates its tables at the start of the batch: until then, nothing to count.
            let count = Int((try? server.sql("SELECT COUNT(*) FROM zones"))?.first ?? "0") ?? 0
            if count >= 20 {
                killed = try server.rootSQL("SELECT id FROM information_schema.PROCESSLIST WHERE USER = '\(server.username)'")
                for id in killed { _ = try? server.rootSQL("KILL \(id)") }
            } else {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        let killedMidBatch = !done.isRaised
        let outcomes = await batch.value
        #expect(!killed.isEmpty)
        #expect(killedMidBatch, "the batch ended before the kill; make it larger")
        #expect(outcomes.allSatisfy { $0 == .applied }, "\(outcomes.filter(isFailure).prefix(3))")
        #expect(try server.sql("SELECT COUNT(*) FROM zones") == ["400"])
        #expect(try server.sql("SELECT COUNT(*) FROM records") == ["2000"])
        #expect(try server.sql("SELECT COUNT(*) FROM (SELECT zone_id FROM records GROUP BY zone_id HAVING COUNT(*) <> 5) x") == ["0"])
    }

    @Test func anUnreachableServerFailsTheBatchAndRecovers() async throws {
        let server = try await OffPool.run { try MariaDBServer() }
        defer { server.destroy() }
        let backend = try server.backend()
        defer { backend.close() }
        server.stop()
        let change = BackendChange(domain: "late.example", zoneText: Self.zone("late.example", serial: 1, address: "192.0.2.1"))
        let batch = [change] + (0..<50).map { BackendChange(domain: "more\($0).example", zoneText: Self.zone("more\($0).example", serial: 1, address: "192.0.2.1")) }
        let failed = await backend.apply(batch)
        #expect(failed.count == 51 && failed.allSatisfy(isFailure))
        #expect(!"\(failed)".contains(server.password))
        try server.start()
        #expect(await backend.apply([change]) == [.applied])
        #expect(try server.sql("SELECT zone_name FROM zones") == ["late.example."])
    }

    @Test func diffKeepsRightRowsAndDropsCopies() {
        let key = RecordKey(hostname: "www", type: "A", data: "192.0.2.1")
        let other = RecordKey(hostname: "@", type: "NS", data: "ns1.example.")
        let current = [
            StoredRecord(id: 1, key: key, ttl: 300, online: 1),
            StoredRecord(id: 2, key: key, ttl: 300, online: 1),
            StoredRecord(id: 3, key: other, ttl: 60, online: 1),
            StoredRecord(id: 4, key: RecordKey(hostname: "old", type: "A", data: "192.0.2.9"), ttl: 300, online: 1),
        ]
        let new = RecordKey(hostname: "new", type: "TXT", data: "\"x\"")
        let diff = RecordDiff(current: current, desired: [key: 300, other: 3600, new: 300])
        #expect(diff.deletes == [2, 4])
        #expect(diff.updates == [3600: [3]])
        #expect(diff.inserts.map(\.key) == [new])
        #expect(RecordDiff(current: [StoredRecord(id: 1, key: key, ttl: 300, online: 1)], desired: [key: 300]).isEmpty)
        #expect(RecordDiff(current: [StoredRecord(id: 1, key: key, ttl: 300, online: 0)], desired: [key: 300]).updates == [300: [1]])
    }
}
