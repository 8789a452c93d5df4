#if canImport(Glibc)
import Glibc
#endif

/// Asks a DNS server on 127.0.0.1 for many zones' SOA over UDP, many queries in flight, and
/// reads the serial of authoritative answers: how the benchmarks tell that a zone is served.
final class SOAProbe {
    private let descriptor: Int32
    private var nextID: UInt16 = 1

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw BenchZoneGenerator.WriteError(description: "cannot open a UDP socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { throw BenchZoneGenerator.WriteError(description: "cannot connect to 127.0.0.1:\(port)") }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer: Int32 = 4 << 20
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &buffer, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(descriptor) }

    /// Queries every zone once (at most `window` queries in flight); returns the zones whose
    /// authoritative SOA has serial `serial` (any serial when nil).
    func served(_ zones: [String], serial: UInt32?, window: Int = 256) -> Set<String> {
        var matched: Set<String> = []
        var start = 0
        while start < zones.count {
            let slice = zones[start..<min(zones.count, start + window)]
            var waiting: [UInt16: String] = [:]
            for zone in slice {
                let id = nextID
                nextID = nextID &+ 1
                waiting[id] = zone
                let packet = Self.query(id: id, zone: zone)
                _ = packet.withUnsafeBytes { send(descriptor, $0.baseAddress, packet.count, 0) }
            }
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !waiting.isEmpty {
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count <= 0 { break }  // timed out: the rest count as not served
                let reply = Array(buffer[0..<count])
                guard reply.count >= 12 else { continue }
                let id = UInt16(reply[0]) << 8 | UInt16(reply[1])
                guard let zone = waiting.removeValue(forKey: id) else { continue }
                if let found = Self.soaSerial(reply), serial == nil || found == serial { matched.insert(zone) }
            }
            start += window
        }
        return matched
    }

    /// Polls until every zone answers with `serial` or `timeout` seconds pass; returns the
    /// seconds it took, or nil with the number still missing.
    func waitUntilServed(_ zones: [String], serial: UInt32, timeout: Double) -> (seconds: Double?, missing: Int) {
        let start = Clock.now()
        var pending = zones
        while true {
            let done = served(pending, serial: serial)
            pending.removeAll { done.contains($0) }
            if pending.isEmpty { return (Clock.now() - start, 0) }
            if Clock.now() - start > timeout { return (nil, pending.count) }
            usleep(pending.count > 100 ? 20_000 : 2_000)
        }
    }

    static func query(id: UInt16, zone: String) -> [UInt8] {
        var packet: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
        for label in zone.split(separator: ".") {
            packet.append(UInt8(label.utf8.count))
            packet.append(contentsOf: label.utf8)
        }
        packet += [0, 0, 6, 0, 1]  // root, type SOA, class IN
        return packet
    }

    /// The serial of the first answer record when the reply is authoritative, NOERROR and an SOA.
    static func soaSerial(_ reply: [UInt8]) -> UInt32? {
        guard reply.count >= 12, reply[2] & 0x04 != 0, reply[3] & 0x0F == 0 else { return nil }
        let answers = Int(reply[6]) << 8 | Int(reply[7])
        guard answers > 0, var offset = skipName(reply, 12) else { return nil }
        offset += 4  // question type and class
        guard let afterOwner = skipName(reply, offset), afterOwner + 10 <= reply.count else { return nil }
        let type = Int(reply[afterOwner]) << 8 | Int(reply[afterOwner + 1])
        guard type == 6, let afterMName = skipName(reply, afterOwner + 10), let afterRName = skipName(reply, afterMName),
            afterRName + 4 <= reply.count
        else { return nil }
        return reply[afterRName..<afterRName + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The offset after a (possibly compressed) name; nil when it runs past the end.
    static func skipName(_ bytes: [UInt8], _ start: Int) -> Int? {
        var offset = start
        while offset < bytes.count {
            let length = Int(bytes[offset])
            if length == 0 { return offset + 1 }
            if length & 0xC0 == 0xC0 { return offset + 2 <= bytes.count ? offset + 2 : nil }
            offset += 1 + length
        }
        return nil
    }
}
