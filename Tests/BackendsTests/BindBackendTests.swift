import Foundation
import Testing
@testable import Backends
import TestSupport

/// The BIND backend against a real `named` on loopback.
@Suite("BIND backend with a real named", .serialized)
struct BindBackendTests {
    static func zone(_ domain: String, serial: Int, address: String) -> String {
        """
        \(domain).\t300\tIN\tSOA\tns1.\(domain). hostmaster.\(domain). \(serial) 3600 900 1209600 300
        \(domain).\t300\tIN\tNS\tns1.\(domain).
        ns1.\(domain).\t300\tIN\tA\t192.0.2.53
        www.\(domain).\t300\tIN\tA\t\(address)

        """
    }

    func backend(for named: NamedServer) throws -> BindBackend {
        try BindBackend(name: "bind", settings: BindBackendSettings(
            zonesDirectory: named.zonesDirectory, includeFile: named.includeFile, rndcPath: "/usr/sbin/rndc",
            rndcServer: "127.0.0.1", rndcPort: named.controlPort, rndcKeyFile: named.keyFile, commandTimeout: 10))
    }

    @Test func newChangedAndDeletedZonesAreServed() async throws {
        let named = try NamedServer()
        defer { named.stop() }
        let bind = try backend(for: named)

        let added = await bind.apply([
            BackendChange(domain: "one.example", zoneText: Self.zone("one.example", serial: 1, address: "192.0.2.1")),
            BackendChange(domain: "two.example", zoneText: Self.zone("two.example", serial: 1, address: "192.0.2.2")),
        ])
        #expect(added == [.applied, .applied])
        #expect(try named.waitFor { try named.query("www.one.example", "A").answer == ["192.0.2.1"] })
        #expect(try named.query("two.example", "SOA").answer.first?.contains(" 1 3600 ") == true)

        let changed = await bind.apply([BackendChange(domain: "one.example", zoneText: Self.zone("one.example", serial: 2, address: "192.0.2.9"))])
        #expect(changed == [.applied])
        #expect(try named.waitFor { try named.query("www.one.example", "A").answer == ["192.0.2.9"] })
        #expect(try named.query("one.example", "SOA").answer.first?.contains(" 2 3600 ") == true)

        let deleted = await bind.apply([BackendChange(domain: "two.example", zoneText: nil)])
        #expect(deleted == [.applied])
        #expect(try named.waitFor { try named.query("two.example", "SOA").status == "REFUSED" })
        #expect(!FileManager.default.fileExists(atPath: named.zonesDirectory + "/two.example.db"))
        #expect(try await bind.inventory() == ["one.example"])
        let include = try String(contentsOfFile: named.includeFile, encoding: .utf8)
        #expect(include.contains("zone \"one.example\" { type master; file \"\(named.zonesDirectory)/one.example.db\"; };"))
    }

    /// What the 30-minute load test found: named reloads a zone file only if it was modified
    /// after its last load began ("up-to-date" otherwise, old zone kept). A batch writes its
    /// temporary files, then named runs a late load of the old file (queued by the previous
    /// batch's reload), then the batch renames and asks for a reload: the new file must still
    /// look newer than that load.
    @Test func aFileReplacedAfterNamedLoadedTheOldOneIsReloaded() async throws {
        let named = try NamedServer()
        defer { named.stop() }
        let bind = try backend(for: named)
        let domains = ["race.example", "other1.example", "other2.example"]  // three: the batch write path
        let first = await bind.apply(domains.map { BackendChange(domain: $0, zoneText: Self.zone($0, serial: 1, address: "192.0.2.1")) })
        #expect(first == [.applied, .applied, .applied])
        #expect(try named.waitFor { try named.query("race.example", "SOA").answer.first?.contains(" 1 3600 ") == true })
        let path = named.zonesDirectory + "/race.example.db"
        let files = domains.map { (path: named.zonesDirectory + "/\($0).db", bytes: Array(Self.zone($0, serial: 2, address: "192.0.2.2").utf8)) }
        let errors = AtomicFile.write(batch: files, beforeRenaming: {
            // named loads the old file now, after the new content was written beside it.
            Thread.sleep(forTimeInterval: 0.05)
            try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: path)
            _ = try? named.rndc(["reload", "race.example"])
            Thread.sleep(forTimeInterval: 0.3)
        })
        #expect(errors.allSatisfy { $0 == nil })
        #expect(try named.rndc(["reload", "race.example"]) == 0)
        let reloaded = try named.waitFor { try named.query("race.example", "SOA").answer.first?.contains(" 2 3600 ") == true }
        #expect(reloaded, "named kept the old zone: \((try? named.query("race.example", "SOA").answer) ?? [])")
    }

    /// The new file's time is later than the old one's even when the old one's is ahead of the
    /// clock (a clock stepped back), so named and NSD never take it for unchanged.
    @Test func aReplacedFileIsAlwaysNewerThanTheOldOne() throws {
        let directory = "/tmp/dadns-stamp-\(UUID().uuidString.prefix(8))"
        try AtomicFile.makeDirectory(directory)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let paths = (0..<3).map { "\(directory)/z\($0).example.db" }
        #expect(AtomicFile.write(batch: paths.map { ($0, Array("old".utf8)) }).allSatisfy { $0 == nil })
        for path in paths {
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: path)
        }
        let before = try paths.map { try #require(AtomicFile.modificationTime($0)) }
        #expect(AtomicFile.write(batch: paths.map { ($0, Array("new".utf8)) }).allSatisfy { $0 == nil })
        try AtomicFile.write(Array("newer".utf8), to: paths[0])  // the single-file path too
        for (path, old) in zip(paths, before) {
            let new = try #require(AtomicFile.modificationTime(path))
            #expect((new.tv_sec, new.tv_nsec) > (old.tv_sec, old.tv_nsec), "\(path)")
        }
    }

    @Test func unsafeNamesNeverReachTheFileSystem() async throws {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-bind-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let bind = try BindBackend(name: "bind", settings: BindBackendSettings(
            zonesDirectory: directory.appendingPathComponent("zones").path,
            includeFile: directory.appendingPathComponent("named.conf.include").path))
        let names = ["../x", "a\"b", "a;b", "a/b", ".hidden", "a..b", "A.example", "a\u{0}b", ""]
        let outcomes = await bind.apply(names.map { BackendChange(domain: $0, zoneText: "x") })
        #expect(outcomes.allSatisfy { if case .failed = $0 { return true } else { return false } })
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("zones").path).isEmpty)
        #expect(try await bind.inventory().isEmpty)
    }

    @Test func rndcFailuresAreReportedPerZone() async throws {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-bind-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try FreePort.find()
        let bind = try BindBackend(name: "bind", settings: BindBackendSettings(
            zonesDirectory: directory.appendingPathComponent("zones").path,
            includeFile: directory.appendingPathComponent("named.conf.include").path,
            rndcPath: "/usr/sbin/rndc", rndcServer: "127.0.0.1", rndcPort: port, commandTimeout: 5))
        let outcomes = await bind.apply([BackendChange(domain: "down.example", zoneText: Self.zone("down.example", serial: 1, address: "192.0.2.1"))])
        guard case .failed(let reason) = outcomes.first else {
            Issue.record("rndc pointing nowhere reported success")
            return
        }
        #expect(reason.contains("rndc reconfig"))
    }
}
