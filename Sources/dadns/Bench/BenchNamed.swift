#if canImport(Glibc)
import Glibc
#endif

/// A named for the benchmark: its own directory, loopback ports, an rndc key, and the include
/// file dadns writes. Stopped when the benchmark ends.
final class BenchNamed {
    let directory: String
    let dnsPort: Int
    let controlPort: Int
    let process: BenchChildProcess

    var includeFile: String { directory + "/named.conf.include" }
    var keyFile: String { directory + "/rndc.key" }

    init(directory: String) throws {
        self.directory = directory
        dnsPort = try BenchPorts.free()
        controlPort = try BenchPorts.free()
        guard BenchProcess.run(["/usr/sbin/rndc-confgen", "-a", "-A", "hmac-sha256", "-k", "rndc-key", "-c", directory + "/rndc.key"]) == 0
        else { throw BenchError("rndc-confgen failed (is bind9-utils installed?)") }
        let config = """
            include "\(directory)/rndc.key";
            options { directory "\(directory)"; pid-file "\(directory)/named.pid"; session-keyfile "\(directory)/session.key";
              listen-on port \(dnsPort) { 127.0.0.1; }; listen-on-v6 { none; }; recursion no; dnssec-validation no; notify no; };
            controls { inet 127.0.0.1 port \(controlPort) allow { 127.0.0.1; } keys { "rndc-key"; }; };
            include "\(directory)/named.conf.include";

            """
        try BenchFiles.write(config, to: directory + "/named.conf")
        try BenchFiles.write("", to: directory + "/named.conf.include")
        process = try BenchChildProcess(
            "named", arguments: ["/usr/sbin/named", "-g", "-c", directory + "/named.conf", "-n", "1"],
            logPath: directory + "/named.log")
        let deadline = Clock.now() + 20
        while BenchProcess.run(rndc(["status"])) != 0 {
            guard Clock.now() < deadline, !process.hasExited else { throw BenchError("named did not start; see \(directory)/named.log") }
            usleep(50_000)
        }
    }

    func rndc(_ arguments: [String]) -> [String] {
        ["/usr/sbin/rndc", "-k", keyFile, "-s", "127.0.0.1", "-p", String(controlPort)] + arguments
    }
}

/// Free loopback ports (TCP and UDP both free, as named needs).
enum BenchPorts {
    static func free() throws -> Int {
        for _ in 0..<50 {
            let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(tcp) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(tcp, $0, length) == 0 && getsockname(tcp, $0, &length) == 0
                }
            }
            guard bound else { continue }
            let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            defer { close(udp) }
            let udpBound = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(udp, $0, length) == 0 }
            }
            if udpBound { return Int(UInt16(bigEndian: address.sin_port)) }
        }
        throw BenchError("no free loopback port")
    }
}

extension BenchFiles {
    static func write(_ text: String, to path: String) throws {
        guard let file = fopen(path, "w") else { throw BenchError("cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { fclose(file) }
        guard fputs(text, file) >= 0 else { throw BenchError("cannot write \(path)") }
    }
}
