import Foundation

/// A real NSD on loopback for one test: its own short directory under /tmp (the control socket
/// path must stay under 107 bytes), a free port, no chroot and no user switch, control over a
/// unix socket, a pattern `dadns` with `zonefile: DIR/zones/%s.db`, an include
/// (`DIR/nsd.conf.include`) for a backend's `nsd_conf` and one for an operator's own zones. Started under `setpriv --pdeathsig` so it
/// dies with the test process (with signals unblocked: see `SpawnedProcess`); stopped by `stop()`.
public final class NSDServer: ZoneFileDNSServer, @unchecked Sendable {
    public static let nsdPath = "/usr/sbin/nsd"
    public static let controlPath = "/usr/sbin/nsd-control"

    public let port: Int
    /// The nsd and nsd-control this server runs (`nsdPath` and `controlPath` unless given).
    public let nsdProgram: String
    public let controlProgram: String
    public let launcher: ServerProcess
    public var configFile: String { directory.appendingPathComponent("nsd.conf").path }
    public var includeFile: String { directory.appendingPathComponent("nsd.conf.include").path }
    /// A second include for zones an operator defines by hand.
    public var operatorIncludeFile: String { directory.appendingPathComponent("operator.conf").path }
    public var zoneListFile: String { directory.appendingPathComponent("zone.list").path }
    /// Only the remote-control section: what nsd-control needs, without the zone includes it
    /// would otherwise parse on every call.
    public var controlConfigFile: String { directory.appendingPathComponent("nsd-control.conf").path }

    /// The file a backend's `pattern_file` names when NSD was started with `patternFromFile`.
    public var patternFile: String { directory.appendingPathComponent("pattern.conf").path }

    /// Starts NSD; `verbosity` is its log level (the benchmarks use 0, NSD's default). With
    /// `patternFromFile`, nsd.conf does not define the `dadns` pattern but includes `patternFile`
    /// (empty at first) where it would, for a backend that writes it.
    public init(
        nsd: String = NSDServer.nsdPath, control: String = NSDServer.controlPath, verbosity: Int = 1, patternFromFile: Bool = false
    ) throws {
        nsdProgram = nsd
        controlProgram = control
        for tool in [nsd, control] where !FileManager.default.isExecutableFile(atPath: tool) {
            throw NamedServer.Failure("\(tool) is missing: install the nsd package (bash .ci/run does)")
        }
        let directory = try ServerProcess.makeDirectory("nsd", subdirectories: ["zones"])
        port = try FreePort.find()
        let dir = directory.path
        // Started once our control socket answers.
        launcher = ServerProcess(
            name: "nsd", directory: directory, logFile: directory.appendingPathComponent("nsd.log")
        ) { try ProgramRun.status([control, "-c", dir + "/nsd.conf", "status"]) == 0 }
        let pattern = patternFromFile ? "include: \"\(dir)/pattern.conf\"" : "pattern:\n    name: \"dadns\"\n    zonefile: \"\(dir)/zones/%s.db\""
        let config = """
            server:
                ip-address: 127.0.0.1
                port: \(port)
                do-ip6: no
                username: ""
                chroot: ""
                database: ""
                zonesdir: "\(dir)/zones"
                zonelistfile: "\(dir)/zone.list"
                xfrdfile: "\(dir)/xfrd.state"
                xfrdir: "\(dir)"
                pidfile: "\(dir)/nsd.pid"
                server-count: 1
                verbosity: \(verbosity)
            remote-control:
                control-enable: yes
                control-interface: "\(dir)/ctl"
            \(pattern)
            include: "\(dir)/nsd.conf.include"
            include: "\(dir)/operator.conf"

            """
        try config.write(toFile: dir + "/nsd.conf", atomically: true, encoding: .utf8)
        try "".write(toFile: dir + "/nsd.conf.include", atomically: true, encoding: .utf8)
        try "".write(toFile: dir + "/operator.conf", atomically: true, encoding: .utf8)
        if patternFromFile { try "".write(toFile: patternFile, atomically: true, encoding: .utf8) }
        try "remote-control:\n    control-enable: yes\n    control-interface: \"\(dir)/ctl\"\n"
            .write(toFile: controlConfigFile, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: dir + "/nsd.log", contents: nil)
        try launcher.start([nsdProgram, "-d", "-c", configFile])
    }

    /// Stops NSD and starts it again on the same directory and port (it reads nsd.conf, the
    /// include and its zone list afresh).
    public func restart() throws {
        try launcher.restart()
    }

    public func controlArguments(_ command: [String]) -> [String] { ["-c", configFile] + command }

    /// Runs nsd-control; its standard output.
    public func control(_ command: [String]) throws -> String {
        try ProgramRun.text([controlProgram] + controlArguments(command))
    }

    /// Zone names in `nsd-control zonestatus`.
    public func zoneNames() throws -> [String] {
        try control(["zonestatus"]).split(separator: "\n").filter { $0.hasPrefix("zone:") }
            .map { $0.dropFirst(5).trimmingCharacters(in: .whitespaces) }
    }

    public func query(_ name: String, _ type: String) throws -> (status: String, answer: [String]) {
        try Dig.query(port: port, name, type)
    }

    public func stop() {
        launcher.stop()
    }
}
