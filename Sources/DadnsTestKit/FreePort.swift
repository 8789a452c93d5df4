import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A free loopback port for a server a test starts. Chosen below the kernel's range of
/// ephemeral ports, so no client connection the tests make meanwhile can be holding it when the
/// server binds it (a port the kernel handed out for port 0 could be, and was: "Address already in
/// use" under a loaded CI run); never handed out twice by this process (several servers start at
/// once); checked free for TCP and UDP.
public enum FreePort {
    /// Ports are drawn from here: from 15000 up to the start of the ephemeral range.
    static let candidates: ClosedRange<Int> = {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let ephemeralStart = text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 32768
        return 15000...max(15000 + 1000, min(ephemeralStart, 65536) - 1)
    }()

    private static let lock = NSLock()
    nonisolated(unsafe) private static var handedOut: Set<Int> = []

    public static func find() throws -> Int {
        for _ in 0..<500 {
            let port = Int.random(in: candidates)
            guard claim(port) else { continue }
            if isFree(port) { return port }
        }
        throw NamedServer.Failure("no free port in \(candidates)")
    }

    /// Whether `port` was not handed out before (and is now).
    private static func claim(_ port: Int) -> Bool {
        lock.withLock { handedOut.insert(port).inserted }
    }

    private static func isFree(_ port: Int) -> Bool {
        let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(tcp) }
        guard LoopbackListener.bind(tcp, port: port) != nil else { return false }
        let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(udp) }
        return LoopbackListener.bind(udp, port: port) != nil
    }
}
