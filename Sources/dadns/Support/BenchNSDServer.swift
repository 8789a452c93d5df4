import Backends
import Foundation

/// An NSD for the benchmark: foreground, loopback only, a free port, control over a unix socket
/// in a short directory under /tmp, pattern `dadns` with `zonefile: DIR/zones/%s.db`. Started
/// under `setpriv --pdeathsig` so it dies with the benchmark; stopped by `stop()`.
final class BenchNSDServer {
    let directory: String
    let port: Int
    let nsdControl: String
    private var pid: pid_t = 0
    var configFile: String { directory + "/nsd.conf" }
    var zonesDirectory: String { directory + "/zones" }
    var includeFile: String { directory + "/nsd.conf.include" }
    /// Only the remote-control section: what nsd-control needs, without the zones include it
    /// would otherwise parse on every call.
    var controlConfigFile: String { directory + "/nsd-control.conf" }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(directory: String, nsd: String, nsdControl: String) throws {
        self.directory = directory
        self.nsdControl = nsdControl
        port = try Self.freePort()
        try FileManager.default.createDirectory(atPath: directory + "/zones", withIntermediateDirectories: true)
        let config = """
            server:
                ip-address: 127.0.0.1
                port: \(port)
                do-ip6: no
                username: ""
                chroot: ""
                database: ""
                zonesdir: "\(directory)/zones"
                zonelistfile: "\(directory)/zone.list"
                xfrdfile: "\(directory)/xfrd.state"
                xfrdir: "\(directory)"
                pidfile: "\(directory)/nsd.pid"
                server-count: 1
            remote-control:
                control-enable: yes
                control-interface: "\(directory)/ctl"
            pattern:
                name: "dadns"
                zonefile: "\(directory)/zones/%s.db"
            include: "\(directory)/nsd.conf.include"

            """
        try config.write(toFile: configFile, atomically: true, encoding: .utf8)
        try "".write(toFile: includeFile, atomically: true, encoding: .utf8)
        try "remote-control:\n    control-enable: yes\n    control-interface: \"\(directory)/ctl\"\n"
            .write(toFile: controlConfigFile, atomically: true, encoding: .utf8)
        let log = directory + "/nsd.log"
        pid = try Self.spawn(["/usr/bin/setpriv", "--pdeathsig", "TERM", "--", nsd, "-d", "-c", configFile], log: log)
        let deadline = Clock.now() + 20
        while BenchProcess.run([nsdControl, "-c", configFile, "status"]) != 0 {
            guard Clock.now() < deadline, isRunning else {
                stop()
                throw Failure(description: "nsd did not start; see \(log)")
            }
            usleep(50_000)
        }
    }

    private var isRunning: Bool {
        var status: Int32 = 0
        return pid > 0 && waitpid(pid, &status, WNOHANG) == 0
    }

    func stop() {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        pid = 0
    }

    /// Starts NSD with its output appended to `log` (`ChildSpawn`: NSD must see SIGTERM).
    private static func spawn(_ arguments: [String], log: String) throws -> pid_t {
        let (pid, error) = ChildSpawn.spawn(arguments, logFile: log)
        guard error == 0 else { throw Failure(description: "cannot start \(arguments[0]): \(String(cString: strerror(error)))") }
        return pid
    }

    /// A loopback port free for both TCP and UDP.
    static func freePort() throws -> Int {
        for _ in 0..<20 {
            let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(tcp) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(tcp, $0, length) == 0 && getsockname(tcp, $0, &length) == 0 }
            }
            guard bound else { continue }
            let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            defer { close(udp) }
            let udpBound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(udp, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            let port = Int(UInt16(bigEndian: address.sin_port))
            if udpBound && port > 1024 { return port }
        }
        throw Failure(description: "no free port")
    }
}
