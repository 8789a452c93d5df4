import Foundation

/// A real Knot DNS (`knotd`) on loopback for one test or benchmark, running from its
/// configuration database as a `type: knot` backend expects: a `knot.conf` is imported into
/// `DIR/confdb` (`knotc -C … conf-import`), then `knotd -C DIR/confdb` runs in the foreground under
/// `setpriv --pdeathsig` (see `SpawnedProcess`) and is controlled over `DIR/run/knot.sock`.
///
/// The `default` template serves zone files from `DIR/zones` with `zonefile-load: difference`
/// (so Knot keeps the differences in its journal and answers IXFR), `zonefile-sync: -1` (Knot
/// never rewrites the files) and an ACL letting 127.0.0.1 transfer every zone. `extraSections`
/// adds list items to a section (`acl`, `remote`, `template`, `zone`, …), e.g. a catalog zone
/// with `catalog-role: interpret`; each value is YAML list items indented as in knot.conf:
/// `"  - id: primary\n    address: 127.0.0.1@5300\n"`; sections are written in the order Knot
/// resolves references in (remote, acl, template, zone). A template added this way should set
/// `zonefile-sync: -1` (or a `storage` under `directory`): Knot's default storage is
/// /var/lib/knot. `aKnotServerCanBeACatalogConsumer` shows a catalog consumer. Stop it with `stop()`.
public final class KnotServer: ZoneFileDNSServer, @unchecked Sendable {
    public static let knotdPath = "/usr/sbin/knotd"
    public static let knotcPath = "/usr/sbin/knotc"

    public let port: Int
    public let launcher: ServerProcess
    public var controlSocket: String { directory.appendingPathComponent("run/knot.sock").path }
    public var configDatabase: String { directory.appendingPathComponent("confdb").path }
    public var configFile: String { directory.appendingPathComponent("knot.conf").path }

    /// Imports the configuration and starts knotd; `extraSections`: more list items per section;
    /// `logLevel`: knotd's (`info` shows each zone load and control command; benchmarks use
    /// `warning`). Fails, saying what to install, when Knot is missing.
    public init(extraSections: [String: String] = [:], logLevel: String = "info") throws {
        for tool in [Self.knotdPath, Self.knotcPath] where !FileManager.default.isExecutableFile(atPath: tool) {
            throw NamedServer.Failure("\(tool) is missing: install knot (Debian package `knot`; bash .ci/run does)")
        }
        let directory = try ServerProcess.makeDirectory("knot", subdirectories: ["zones", "run", "db"])
        port = try FreePort.find()
        let status = [Self.knotcPath] + Self.controlArguments(["status"], socket: directory.path + "/run/knot.sock")
        // Started once our control socket answers.
        launcher = ServerProcess(
            name: "knotd", directory: directory, logFile: directory.appendingPathComponent("knotd.log")
        ) { try ProgramRun.status(status) == 0 }
        try Self.configuration(directory: directory.path, port: port, extraSections: extraSections, logLevel: logLevel)
            .write(toFile: configFile, atomically: true, encoding: .utf8)
        let imported = try ProgramRun.output([Self.knotcPath, "-C", configDatabase, "conf-import", configFile])
        guard imported.status == 0 else {
            try? FileManager.default.removeItem(at: directory)
            throw NamedServer.Failure("knotc conf-import failed: \(imported.output)")
        }
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        try launcher.start([Self.knotdPath, "-C", configDatabase])
    }

    /// The knot.conf imported into the configuration database.
    static func configuration(directory dir: String, port: Int, extraSections: [String: String], logLevel: String) -> String {
        var sections: [(name: String, items: String)] = [
            ("acl", "  - id: local_transfer\n    address: 127.0.0.1\n    action: transfer\n"),
            ("template", """
                  - id: default
                    storage: \(dir)/zones
                    zonefile-load: difference
                    zonefile-sync: -1
                    journal-content: changes
                    acl: local_transfer

                """),
        ]
        for (name, items) in extraSections.sorted(by: { $0.key < $1.key }) {
            if let index = sections.firstIndex(where: { $0.name == name }) {
                sections[index].items += items
            } else {
                sections.append((name, items))
            }
        }
        // Knot refuses a reference to an item defined further down: keep its order
        // (remote before acl, acl before template, template before zone).
        let order = ["keystore", "key", "remote", "remotes", "acl", "submission", "policy", "template", "zone"]
        sections.sort { (order.firstIndex(of: $0.name) ?? 0) < (order.firstIndex(of: $1.name) ?? 0) }
        return """
            server:
                rundir: \(dir)/run
                listen: 127.0.0.1@\(port)
            control:
                listen: \(dir)/run/knot.sock
            database:
                storage: \(dir)/db
            log:
              - target: stderr
                any: \(logLevel)

            """ + sections.map { "\($0.name):\n\($0.items)" }.joined()
    }

    /// Starts knotd again on the same directory, port and configuration database (after `kill()`).
    public func restart() throws {
        try launcher.restart(killing: true)
    }

    /// `knotc -s SOCKET` plus `command` (without the program).
    public func controlArguments(_ command: [String]) -> [String] { Self.controlArguments(command, socket: controlSocket) }

    static func controlArguments(_ command: [String], socket: String) -> [String] { ["-b", "-s", socket] + command }

    /// Runs knotc against this server; its standard output (throws when it fails).
    public func control(_ command: [String]) throws -> String {
        try ProgramRun.text([Self.knotcPath] + controlArguments(command))
    }

    /// The zones in knotd's configuration (`conf-read zone.domain`), without the final dot.
    public func zoneNames() throws -> [String] {
        try control(["conf-read", "zone.domain"]).split(separator: "\n").compactMap { line in
            guard let value = line.split(separator: "=", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) else { return nil }
            return value.hasSuffix(".") ? String(value.dropLast()) : value
        }
    }

    public func query(_ name: String, _ type: String) throws -> (status: String, answer: [String]) {
        try Dig.query(port: port, name, type)
    }

    /// The records of an IXFR from `serial` (`dig … zone IXFR=serial`), each as "owner TTL class
    /// type rdata" with single spaces; an AXFR-style answer repeats the whole zone instead.
    public func incrementalTransfer(_ zone: String, fromSerial serial: UInt32) throws -> [String] {
        let output = try ProgramRun.text([
            "/usr/bin/dig", "@127.0.0.1", "-p", String(port), zone, "IXFR=\(serial)", "+time=2", "+tries=1", "+nocmd",
            "+nostats", "+nocomments",
        ])
        return output.split(separator: "\n").filter { !$0.hasPrefix(";") && !$0.isEmpty }
            .map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ") }
    }

    /// Stops knotd and removes its directory.
    public func stop() {
        launcher.stop()
    }
}
