import Foundation
import Logging
import Testing
@testable import Backends
import DadnsTestKit

/// Temporary files a killed `dadns` left mid-write are removed when a file backend starts, and
/// nothing else is: checked on the pattern, then with BIND and NSD backends over real servers.
@Suite("Stale temporary files are swept at start", .serialized)
struct StaleTemporaryFilesTests {
    /// A pid no process has: a child that has exited and been reaped.
    static func deadPID() throws -> Int32 {
        let child = try SpawnedProcess(["/bin/true"], logFile: "/dev/null")
        child.wait()
        return child.pid
    }

    /// A running process with this test program's name (as another `dadns` would be): a copy of
    /// `sleep` named like us. Stop it with `stop(_:)`.
    static func liveNamesake(in directory: String) throws -> SpawnedProcess {
        let ours = try String(contentsOfFile: "/proc/self/comm", encoding: .utf8).trimmingCharacters(in: .newlines)
        let copy = "\(directory)/\(ours)"
        try FileManager.default.copyItem(atPath: "/bin/sleep", toPath: copy)
        return try SpawnedProcess([copy, "60"], logFile: "/dev/null")
    }

    /// SIGKILL (the test process may hand its children an ignored SIGTERM) and reap.
    static func stop(_ child: SpawnedProcess) {
        child.kill()
    }

    static func write(_ text: String, _ path: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    static func names(_ directory: String) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: directory))
    }

    /// Starts a backend again (`start`, with a capturing logger) and checks that exactly the
    /// `stale` files went from `directories` and that each of `others` still says "not ours".
    static func restart<Backend>(
        _ start: (Logger) throws -> Backend, directories: [String], stale: [String], others: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (Backend, LogCapture) {
        let before = try directories.map(names)
        let log = LogCapture()
        let backend = try start(log.logger)
        let removed = Set(stale.map { URL(fileURLWithPath: $0).lastPathComponent })
        for (directory, held) in zip(directories, before) {
            #expect(try names(directory) == held.subtracting(removed), sourceLocation: sourceLocation)
        }
        for path in others {
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "not ours", "\(path)", sourceLocation: sourceLocation)
        }
        return (backend, log)
    }

    @Test func theWriterPatternIsParsedAndNothingElse() {
        let made = TemporaryFileName.make(base: "a-b.example.db", pid: 4321, random: 987)
        #expect(made == ".a-b.example.db.tmp-4321-987")
        #expect(TemporaryFileName.parse(made)?.base == "a-b.example.db")
        #expect(TemporaryFileName.parse(made)?.pid == 4321)
        #expect(TemporaryFileName.parse(".named.conf.include.tmp-1-4294967295")?.base == "named.conf.include")
        let lookalikes = [
            "a.example.db.tmp-1-2", ".a.example.db.tmp-1", ".a.example.db.tmp-1-", ".a.example.db.tmp--2", ".a.example.db.tmp-x-2",
            ".a.example.db.tmp-1-2x", ".a.example.db.tmp-1-2.bak", ".a.example.db.tmp-1-2-3", ".tmp-1-2", "..tmp-1-2",
            ".a.example.db.tmp-0-2", ".a.example.db.tmp-1-4294967296", ".a.example.db.tmp-99999999999-2", ".a.example.db.tmq-1-2",
            ".a.example.db.tmp-+1-2", ".a.example.db.tmp-١-2", ".hidden", "a.example.db", "",
        ]
        for name in lookalikes {
            #expect(TemporaryFileName.parse(name) == nil, "\(name)")
        }
    }

    @Test func aRestartedBindBackendRemovesStaleTemporaryFilesAndKeepsEverythingElse() async throws {
        let named = try NamedServer()
        defer { named.stop() }
        let settings = BindBackendTests.settings(for: named)
        let first = try BindBackend(name: "bind", settings: settings)
        let zone = BindBackendTests.zone("kept.example", serial: 7, address: "192.0.2.7")
        #expect(await first.apply([BackendChange(domain: "kept.example", zoneText: zone)]) == [.applied])

        // What a SIGKILL mid-batch leaves: temporaries of zone files and of the include file.
        let dead = try Self.deadPID()
        let zones = named.zonesDirectory, includeDirectory = named.directory.path
        let stale = [
            "\(zones)/\(TemporaryFileName.make(base: "kept.example.db", pid: dead))",
            "\(zones)/\(TemporaryFileName.make(base: "new.example.db", pid: dead))",
            "\(zones)/\(TemporaryFileName.make(base: "other.example.db", pid: getpid()))",  // our own pid: a previous life
            "\(includeDirectory)/\(TemporaryFileName.make(base: "named.conf.include", pid: dead))",
        ]
        for path in stale { try Self.write("half a zone", path) }
        let namesake = try Self.liveNamesake(in: includeDirectory)
        defer { Self.stop(namesake) }
        let live = "\(zones)/\(TemporaryFileName.make(base: "busy.example.db", pid: namesake.pid))"
        try Self.write("being written", live)
        // Everything else stays, however close its name.
        let others = [
            "\(zones)/.hidden", "\(zones)/notes.txt", "\(zones)/.a.example.db.tmp-\(dead)", "\(zones)/a.example.db.tmp-\(dead)-1",
            "\(zones)/.notes.txt.tmp-\(dead)-1", "\(zones)/.A.example.db.tmp-\(dead)-1", "\(zones)/.a.example.db.tmp-\(dead)-1.bak",
            "\(includeDirectory)/.named.conf.tmp-\(dead)-1", "\(includeDirectory)/.rndc.key.tmp-\(dead)-1",
        ]
        for path in others { try Self.write("not ours", path) }
        let directoryLookalike = "\(zones)/.dir.example.db.tmp-\(dead)-1"
        try FileManager.default.createDirectory(atPath: directoryLookalike, withIntermediateDirectories: false)

        let (restarted, log) = try Self.restart(
            { try BindBackend(name: "bind", settings: settings, logger: $0) }, directories: [zones, includeDirectory],
            stale: stale, others: others)

        #expect(try String(contentsOfFile: live, encoding: .utf8) == "being written")
        #expect(FileManager.default.fileExists(atPath: directoryLookalike))
        #expect(try String(contentsOfFile: "\(zones)/kept.example.db", encoding: .utf8) == zone)
        #expect(log.messages.contains("bind: removed 3 stale temporary files from \(zones) (left by an interrupted write)"), "\(log.messages)")
        #expect(log.messages.contains("bind: removed 1 stale temporary files from \(includeDirectory) (left by an interrupted write)"), "\(log.messages)")
        #expect(log.messages.contains { $0.hasPrefix("bind: kept 1 temporary files in \(zones)") }, "\(log.messages)")

        // The restarted backend serves on: the kept zone, and an update of it.
        #expect(try named.query("kept.example", "SOA").answer.first?.contains(" 7 3600 ") == true)
        let update = BindBackendTests.zone("kept.example", serial: 8, address: "192.0.2.8")
        let outcomes = await restarted.apply([BackendChange(domain: "kept.example", zoneText: update)])
        #expect(outcomes == [.applied], "\(outcomes)")
        #expect(try await named.waitFor { try named.query("www.kept.example", "A").answer == ["192.0.2.8"] })
    }

    @Test func aRestartedNSDBackendRemovesStaleTemporaryFilesOfItsZonesAndInclude() async throws {
        let nsd = try NSDServer()
        defer { nsd.stop() }
        let settings = NSDBackendTests.settings(for: nsd, includeFile: true)
        let first = try NSDBackend(name: "nsd", settings: settings)
        let zone = NSDBackendTests.zone("kept.example", serial: 3, address: "192.0.2.3")
        NSDBackendTests.expectApplied(await first.apply([BackendChange(domain: "kept.example", zoneText: zone)]))

        let dead = try Self.deadPID()
        let zones = nsd.zonesDirectory, includeDirectory = nsd.directory.path
        let stale = [
            "\(zones)/\(TemporaryFileName.make(base: "kept.example.db", pid: dead))",
            "\(zones)/\(TemporaryFileName.make(base: "gone.example.db", pid: dead))",
            "\(includeDirectory)/\(TemporaryFileName.make(base: "nsd.conf.include", pid: dead))",
        ]
        for path in stale { try Self.write("half a zone", path) }
        let others = ["\(zones)/.hidden", "\(includeDirectory)/.nsd.conf.tmp-\(dead)-1", "\(includeDirectory)/.zone.list.tmp-\(dead)-1"]
        for path in others { try Self.write("not ours", path) }

        let (restarted, log) = try Self.restart(
            { try NSDBackend(name: "nsd", settings: settings, logger: $0) }, directories: [zones, includeDirectory],
            stale: stale, others: others)

        #expect(log.messages.contains("nsd: removed 2 stale temporary files from \(zones) (left by an interrupted write)"), "\(log.messages)")
        #expect(log.messages.contains("nsd: removed 1 stale temporary files from \(includeDirectory) (left by an interrupted write)"), "\(log.messages)")

        #expect(NSDBackendTests.serial(try nsd.query("kept.example", "SOA").answer) == "3")
        let update = NSDBackendTests.zone("kept.example", serial: 4, address: "192.0.2.4")
        NSDBackendTests.expectApplied(await restarted.apply([BackendChange(domain: "kept.example", zoneText: update)]))
        #expect(try await nsd.waitFor { NSDBackendTests.serial(try nsd.query("kept.example", "SOA").answer) == "4" })
    }
}
