import Dispatch
import SettingsKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asks one DNS server for many zones' SOA over UDP, from one socket connected to it (so only
/// its datagrams are read): at most `inFlight` queries await an answer, queries leave no faster
/// than `queriesPerSecond`, and a query that times out is sent again (with a new id) up to
/// `retries` times. Blocking: call it from `BlockingWork`, never from the cooperative pool. One
/// caller at a time; the pacing carries over from one call to the next.
final class SOAQueryExchange: @unchecked Sendable {
    /// What came of one zone's query.
    enum Outcome: Sendable, Equatable {
        case answered(SOAQueryMessage.Answer)
        /// No answer to any of the tries.
        case unanswered
    }

    struct SocketError: Error, CustomStringConvertible {
        var description: String
    }

    private let descriptor: Int32
    private let settings: ProbeSettings
    private var pacer: TokenBucket
    private var random = SystemRandomNumberGenerator()

    init(server: DNSServerAddress, settings: ProbeSettings) throws {
        self.settings = settings
        pacer = TokenBucket(perSecond: settings.queriesPerSecond, burst: max(1, min(Double(settings.inFlight), settings.queriesPerSecond / 10)))
        #if canImport(Glibc)
        let datagram = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        #else
        let datagram = SOCK_DGRAM
        #endif
        descriptor = socket(server.isIPv6 ? AF_INET6 : AF_INET, datagram, 0)
        guard descriptor >= 0 else { throw SocketError(description: "socket: \(String(cString: strerror(errno)))") }
        guard Self.attach(descriptor, to: server) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw SocketError(description: "cannot address \(server): \(reason)")
        }
        var size: Int32 = 1 << 20
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(descriptor) }

    private static func attach(_ descriptor: Int32, to server: DNSServerAddress) -> Int32 {
        if server.isIPv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(server.port).bigEndian)
            _ = inet_pton(AF_INET6, server.host, &address.sin6_addr)
            return connect(descriptor, to: &address)
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(server.port).bigEndian)
        _ = inet_pton(AF_INET, server.host, &address.sin_addr)
        return connect(descriptor, to: &address)
    }

    private static func connect<Address>(_ descriptor: Int32, to address: inout Address) -> Int32 {
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                #if canImport(Glibc)
                Glibc.connect(descriptor, socketAddress, socklen_t(MemoryLayout<Address>.size))
                #else
                Darwin.connect(descriptor, socketAddress, socklen_t(MemoryLayout<Address>.size))
                #endif
            }
        }
    }

    /// Each zone's outcome, in the order of `zones`. A zone whose name does not fit the wire is unanswered.
    func ask(_ zones: [String]) -> [Outcome] {
        var outcomes = [Outcome?](repeating: nil, count: zones.count)
        // Zones to send, by index, with the tries already made; retries join at the back.
        var queue: [(index: Int, tries: Int)] = zones.indices.map { ($0, 0) }
        var head = 0
        var waiting: [UInt16: (index: Int, tries: Int, deadline: Double)] = [:]
        var buffer = [UInt8](repeating: 0, count: 4096)
        while head < queue.count || !waiting.isEmpty {
            var now = Self.now()
            for (id, query) in waiting where query.deadline <= now {
                waiting[id] = nil
                if query.tries <= settings.retries { queue.append((query.index, query.tries)) } else { outcomes[query.index] = .unanswered }
            }
            while head < queue.count, waiting.count < settings.inFlight, pacer.take(at: now) {
                let (index, tries) = queue[head]
                head += 1
                let id = freshID(avoiding: waiting)
                guard let packet = SOAQueryMessage.query(id: id, zone: zones[index]) else {
                    outcomes[index] = .unanswered
                    continue
                }
                // A send that fails (the server's port closed: ECONNREFUSED) counts as a try that timed out.
                _ = packet.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
                waiting[id] = (index, tries + 1, now + settings.timeoutSeconds)
                now = Self.now()
            }
            if head >= queue.count && waiting.isEmpty { break }
            var wake = waiting.values.map(\.deadline).min() ?? now + 0.1
            if head < queue.count && waiting.count < settings.inFlight { wake = min(wake, pacer.nextTokenAt) }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(max(0, min(1000, (wake - now) * 1000)).rounded(.up))
            guard poll(&poller, 1, milliseconds) > 0 else { continue }
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                // EAGAIN: read them all; ECONNREFUSED (an ICMP error for an earlier query): nothing to read.
                guard count >= 0 else { break }
                guard count >= 2 else { continue }
                let id = UInt16(buffer[0]) << 8 | UInt16(buffer[1])
                guard let query = waiting[id] else { continue }
                // A datagram that is not the answer to this query (another question, malformed) is
                // ignored: the query waits on for its answer or its timeout.
                guard let answer = try? SOAQueryMessage.answer(Array(buffer[0..<count]), id: id, zone: zones[query.index]) else { continue }
                waiting[id] = nil
                outcomes[query.index] = .answered(answer)
            }
        }
        return outcomes.map { $0 ?? .unanswered }
    }

    /// A random id no query in flight has.
    private func freshID(avoiding waiting: [UInt16: (index: Int, tries: Int, deadline: Double)]) -> UInt16 {
        while true {
            let id = UInt16.random(in: 0...UInt16.max, using: &random)
            if waiting[id] == nil { return id }
        }
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}

/// Allows `perSecond` events a second on average, up to `burst` at once.
struct TokenBucket {
    let perSecond: Double
    let burst: Double
    private var tokens: Double
    private var updatedAt: Double?

    init(perSecond: Double, burst: Double) {
        self.perSecond = perSecond
        self.burst = burst
        tokens = burst
    }

    /// Takes a token if one is there at `now`.
    mutating func take(at now: Double) -> Bool {
        if let updatedAt { tokens = min(burst, tokens + (now - updatedAt) * perSecond) }
        updatedAt = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// When the next token will be there.
    var nextTokenAt: Double { (updatedAt ?? 0) + max(0, 1 - tokens) / perSecond }
}
