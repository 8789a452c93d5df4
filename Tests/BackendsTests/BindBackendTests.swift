import Foundation
import Testing
@testable import Backends
import DadnsTestKit

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
        try BindBackend(name: "bind", settings: Self.settings(for: named))
    }

    /// A bind backend's settings for a test named: its zones directory, include and rndc.
    static func settings(for named: NamedServer) -> BindBackendSettings {
        BindBackendSettings(
            zonesDirectory: named.zonesDirectory, includeFile: named.includeFile, rndcPath: "/usr/sbin/rndc",
            rndcServer: "127.0.0.1", rndcPort: named.controlPort, rndcKeyFile: named.keyFile, commandTimeout: 10)
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
        #expect(try await named.waitFor { try named.query("www.one.example", "A").answer == ["192.0.2.1"] })
        #expect(try named.query("two.example", "SOA").answer.first?.contains(" 1 3600 ") == true)

        let changed = await bind.apply([BackendChange(domain: "one.example", zoneText: Self.zone("one.example", serial: 2, address: "192.0.2.9"))])
        #expect(changed == [.applied])
        #expect(try await named.waitFor { try named.query("www.one.example", "A").answer == ["192.0.2.9"] })
        #expect(try named.query("one.example", "SOA").answer.first?.contains(" 2 3600 ") == true)

        let deleted = await bind.apply([BackendChange(domain: "two.example", zoneText: nil)])
        #expect(deleted == [.applied])
        #expect(try await named.waitFor { try named.query("two.example", "SOA").status == "REFUSED" })
        #expect(!FileManager.default.fileExists(atPath: named.zonesDirectory + "/two.example.db"))
        #expect(try await bind.inventory() == ["one.example"])
        let include = try String(contentsOfFile: named.includeFile, encoding: .utf8)
        #expect(include.contains("zone \"one.example\" { type master; file \"\(named.zonesDirectory)/one.example.db\"; };"))
    }

    /// An include that cannot be written fails the zones added in the batch, and a zone changed
    /// in the same batch is still reloaded (it was reported applied without a reload before).
    @Test func anIncludeThatCannotBeWrittenFailsTheNewZonesAndStillReloadsTheChangedOnes() async throws {
        let named = try NamedServer()
        defer { named.stop() }
        let bind = try backend(for: named)
        let first = await bind.apply([BackendChange(domain: "kept.example", zoneText: Self.zone("kept.example", serial: 1, address: "192.0.2.1"))])
        #expect(first == [.applied])
        #expect(try await named.waitFor { try named.query("www.kept.example", "A").answer == ["192.0.2.1"] })

        // A directory where the include was: renaming the new include over it fails, even as root.
        let saved = try String(contentsOfFile: named.includeFile, encoding: .utf8)
        try FileManager.default.removeItem(atPath: named.includeFile)
        try FileManager.default.createDirectory(atPath: named.includeFile + "/blocker", withIntermediateDirectories: true)
        let outcomes = await bind.apply([
            BackendChange(domain: "kept.example", zoneText: Self.zone("kept.example", serial: 2, address: "192.0.2.2")),
            BackendChange(domain: "new.example", zoneText: Self.zone("new.example", serial: 1, address: "192.0.2.3")),
        ])
        #expect(outcomes.first == .applied, "\(outcomes)")
        guard case .failed(let reason) = outcomes.last else {
            Issue.record("a zone added while the include could not be written was reported applied: \(outcomes)")
            return
        }
        #expect(reason.hasPrefix("cannot update \(named.includeFile)"), "\(reason)")
        #expect(try await named.waitFor { try named.query("www.kept.example", "A").answer == ["192.0.2.2"] }, "the changed zone was not reloaded")

        // The include back: the next batch adds the zone.
        try FileManager.default.removeItem(atPath: named.includeFile)
        try saved.write(toFile: named.includeFile, atomically: true, encoding: .utf8)
        let retried = await bind.apply([BackendChange(domain: "new.example", zoneText: Self.zone("new.example", serial: 1, address: "192.0.2.3"))])
        #expect(retried == [.applied])
        #expect(try await named.waitFor { try named.query("www.new.example", "A").answer == ["192.0.2.3"] })
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
        #expect(try await named.waitFor { try named.query("race.example", "SOA").answer.first?.contains(" 1 3600 ") == true })
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
        let reloaded = try await named.waitFor { try named.query("race.example", "SOA").answer.first?.contains(" 2 3600 ") == true }
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

    /// named answers `not found` for a zone it never loaded, most often because named.conf does
    /// not include the file dadns writes: the error says so, with the include's real path.
    @Test func aZoneNamedDoesNotKnowGetsTheIncludeHint() async throws {
        let named = try NamedServer()
        defer { named.stop() }
        // An include and zones directory this named.conf does not include.
        let elsewhere = named.directory.appendingPathComponent("elsewhere")
        let bind = try BindBackend(name: "bind", settings: BindBackendSettings(
            zonesDirectory: elsewhere.appendingPathComponent("zones").path,
            includeFile: elsewhere.appendingPathComponent("dadns.include").path, rndcPath: "/usr/sbin/rndc",
            rndcServer: "127.0.0.1", rndcPort: named.controlPort, rndcKeyFile: named.keyFile, commandTimeout: 10))
        // Added: reconfig succeeds (named re-reads a named.conf without the include).
        #expect(await bind.apply([BackendChange(domain: "lost.example", zoneText: Self.zone("lost.example", serial: 1, address: "192.0.2.1"))]) == [.applied])
        // Changed: `rndc reload lost.example` fails, named has no such zone.
        let changed = await bind.apply([BackendChange(domain: "lost.example", zoneText: Self.zone("lost.example", serial: 2, address: "192.0.2.2"))])
        guard case .failed(let reason) = changed.first else {
            Issue.record("a reload of a zone named does not have succeeded")
            return
        }
        #expect(reason.contains("no matching zone") || reason.contains("not found"), "\(reason)")
        #expect(reason.hasSuffix(" — is include \"\(elsewhere.path)/dadns.include\"; in named.conf?"), "\(reason)")
        #expect(!reason.contains("\n"), "rndc's output is not on one line: \(reason)")
    }

    /// A healing pass reads the include (the zone listed, its file gone), then an operator takes
    /// the zone out of the include and runs `rndc reconfig`, then the lane writes the zone back:
    /// it was reloaded as a zone named holds, named answered "not found", and the zone waited
    /// for its retry while healing left the unapplied pair to the lane (OperatorViewTests'
    /// healing test failed so under load). It is added again in the same batch.
    @Test func aZoneTakenOutOfTheIncludeAfterItWasReadIsAddedAgain() async throws {
        let named = try NamedServer()
        defer { named.stop() }
        let bind = try backend(for: named)
        let heal = BackendChange(domain: "heal.example", zoneText: Self.zone("heal.example", serial: 4, address: "192.0.2.4"))
        let kept = BackendChange(domain: "kept.example", zoneText: Self.zone("kept.example", serial: 3, address: "192.0.2.3"))
        #expect(await bind.apply([kept, heal]) == [.applied, .applied])
        #expect(try await named.waitFor { try named.query("www.heal.example", "A").answer == ["192.0.2.4"] })

        // The zone file goes; a healing pass reads the include, which still lists the zone.
        try FileManager.default.removeItem(atPath: "\(named.zonesDirectory)/heal.example.db")
        #expect(try await bind.inventory() == ["kept.example", "heal.example"])
        // Then the include entry goes too, and named drops the zone.
        let include = try String(contentsOfFile: named.includeFile, encoding: .utf8)
        try include.split(separator: "\n").filter { !$0.contains("\"heal.example\"") }.joined(separator: "\n")
            .write(toFile: named.includeFile, atomically: true, encoding: .utf8)
        #expect(try await ProgramRun.output(["/usr/sbin/rndc"] + named.rndcArguments(["reconfig"])).status == 0)
        #expect(try named.query("heal.example", "SOA").status == "REFUSED")

        // The lane applies what healing queued.
        #expect(await bind.apply([heal]) == [.applied])
        #expect(try await named.waitFor { try named.query("www.heal.example", "A").answer == ["192.0.2.4"] })
        #expect(try named.query("www.kept.example", "A").answer == ["192.0.2.3"])
        #expect(try await bind.inventory() == ["kept.example", "heal.example"])
    }

    @Test func theHintIsOnlyForZonesNamedDoesNotHave() {
        #expect(BindBackend.withIncludeHint("exit 1: rndc: connect failed: 127.0.0.1#953: connection refused", "/x") == "exit 1: rndc: connect failed: 127.0.0.1#953: connection refused")
        #expect(BindBackend.withIncludeHint("exit 1: rndc: 'reload' failed: not found; no matching zone 'a.example' in any view", "/etc/bind/dadns.conf")
            .hasSuffix("any view — is include \"/etc/bind/dadns.conf\"; in named.conf?"))
    }
}

/// Which rndc a bind backend runs: `rndc_path`, else the `rndc` on PATH (as the reference), or none.
@Suite("rndc program selection")
struct RndcProgramTests {
    /// Directories under a scratch root: `<name>/rndc` executable in those listed in `executables`.
    func searchPath(_ root: URL, executables: [String], others: [String] = []) throws -> String {
        for name in executables + others {
            let directory = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            guard executables.contains(name) else { continue }
            let file = directory.appendingPathComponent("rndc")
            try "#!/bin/sh\n".write(to: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        }
        return (others + executables).map { root.appendingPathComponent($0).path }.joined(separator: ":")
    }

    @Test func withoutRndcPathTheFirstExecutableRndcOnPathIsUsed() throws {
        let root = try Scratch.directory("rndc-path")
        // Skipped: a relative entry, an empty one, a directory without rndc, a non-executable rndc, a directory named rndc.
        let plain = root.appendingPathComponent("plain")
        try FileManager.default.createDirectory(at: plain, withIntermediateDirectories: true)
        try "x".write(to: plain.appendingPathComponent("rndc"), atomically: true, encoding: .utf8)
        let dirNamedRndc = root.appendingPathComponent("dir")
        try FileManager.default.createDirectory(at: dirNamedRndc.appendingPathComponent("rndc"), withIntermediateDirectories: true)
        let found = try searchPath(root, executables: ["first", "second"], others: ["empty"])
        let path = "bin::\(plain.path):\(dirNamedRndc.path):" + found
        #expect(RndcProgram.choose(rndcPath: nil, reload: true, searchPath: path) == .foundOnPath(root.path + "/first/rndc"))
        // A bare name in rndc_path is looked up the same way; a path is taken as it is.
        #expect(RndcProgram.choose(rndcPath: "rndc", reload: true, searchPath: path) == .foundOnPath(root.path + "/first/rndc"))
        #expect(RndcProgram.choose(rndcPath: "/opt/bind/rndc", reload: true, searchPath: path) == .configured("/opt/bind/rndc"))
    }

    @Test func reloadsAreSkippedOnlyWhenAskedForOrWhenNoRndcIsFound() throws {
        let root = try Scratch.directory("rndc-off")
        let path = try searchPath(root, executables: ["bin"])
        #expect(RndcProgram.choose(rndcPath: nil, reload: false, searchPath: path) == .disabled(by: "reload: false"))
        #expect(RndcProgram.choose(rndcPath: "/usr/sbin/rndc", reload: false, searchPath: path) == .disabled(by: "reload: false"))
        #expect(RndcProgram.choose(rndcPath: "", reload: true, searchPath: path) == .disabled(by: "rndc_path: \"\""))
        let empty = root.appendingPathComponent("empty").path
        let missing = RndcProgram.choose(rndcPath: nil, reload: true, searchPath: empty)
        #expect(missing == .notFound(name: "rndc", searchPath: empty))
        #expect(missing.problem?.contains("set rndc_path") == true && missing.problem?.contains("reload: false") == true)
        #expect(RndcProgram.disabled(by: "reload: false").problem == nil, "skipped on purpose is not a problem")
        // No PATH at all: the usual system directories.
        #expect(ExecutableSearch.effective(nil) == "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
    }

    @Test func theCommandLineHasOnlyTheOptionsThatAreSet() {
        var settings = BindBackendSettings(zonesDirectory: "/z", includeFile: "/i")
        settings.rndcProgram = .foundOnPath("/usr/sbin/rndc")
        #expect(settings.rndc(["reload", "a.example"]) == ["/usr/sbin/rndc", "reload", "a.example"])
        #expect(settings.rndcDescription == "rndc /usr/sbin/rndc (found on PATH), with rndc's own defaults (rndc.conf or rndc.key, 127.0.0.1 port 953)")
        settings.rndcServer = "127.0.0.1"
        settings.rndcPort = 953
        settings.rndcKeyFile = "/etc/bind/rndc.key"
        #expect(settings.rndc(["status"]) == ["/usr/sbin/rndc", "-k", "/etc/bind/rndc.key", "-s", "127.0.0.1", "-p", "953", "status"])
        #expect(settings.rndcDescription == "rndc /usr/sbin/rndc (found on PATH) -k /etc/bind/rndc.key -s 127.0.0.1 -p 953")
        settings.rndcProgram = .disabled(by: "reload: false")
        #expect(settings.rndc(["status"]) == nil)
    }
}
