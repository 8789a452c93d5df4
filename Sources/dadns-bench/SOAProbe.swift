#if canImport(Glibc)
import Glibc
#endif

/// Asks a DNS server for SOA records over UDP, many at once, and reads back the serials it
/// answers with authority. One probe per polling thread.
final class SOAProbe {
    private let socketDescriptor: Int32
    private var address = sockaddr_in()
    private var nextID: UInt16 = 1

    init(port: Int) throws {
        socketDescriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw BenchError("socket: \(String(cString: strerror(errno)))") }
        var size: Int32 = 4 << 20
        setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
    }

    deinit { close(socketDescriptor) }

    /// The SOA serial served with authority for each domain (absent: no authoritative answer
    /// within `timeout` seconds).
    func serials(of domains: [String], timeout: Double) -> [String: UInt32] {
        var waiting: [UInt16: String] = [:]
        for domain in domains {
            let id = nextID
            nextID = nextID &+ 1
            if nextID == 0 { nextID = 1 }
            let packet = Self.query(id: id, domain: domain)
            let sent = packet.withUnsafeBytes { bytes in
                withUnsafePointer(to: &address) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(socketDescriptor, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
            if sent == packet.count { waiting[id] = domain }
        }
        var answers: [String: UInt32] = [:]
        let deadline = Clock.now() + timeout
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !waiting.isEmpty {
            let remaining = deadline - Clock.now()
            guard remaining > 0 else { break }
            var poller = pollfd(fd: socketDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(max(1, remaining * 1000))) > 0 else { break }
            let count = buffer.withUnsafeMutableBytes { recv(socketDescriptor, $0.baseAddress, $0.count, 0) }
            guard count >= 12 else { continue }
            let id = UInt16(buffer[0]) << 8 | UInt16(buffer[1])
            guard let domain = waiting.removeValue(forKey: id) else { continue }
            if let serial = Self.serial(in: buffer[0..<count]) { answers[domain] = serial }
        }
        return answers
    }

    static func query(id: UInt16, domain: String) -> [UInt8] {
        var packet: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
        for label in domain.split(separator: ".") {
            packet.append(UInt8(label.utf8.count))
            packet.append(contentsOf: label.utf8)
        }
        packet.append(contentsOf: [0, 0, 6, 0, 1])  // root, type SOA, class IN
        return packet
    }

    /// The serial of an authoritative NOERROR answer whose first record is a SOA.
    static func serial(in message: ArraySlice<UInt8>) -> UInt32? {
        let data = Array(message)
        let flags = UInt16(data[2]) << 8 | UInt16(data[3])
        let answerCount = UInt16(data[6]) << 8 | UInt16(data[7])
        guard flags & 0x000F == 0, flags & 0x0400 != 0, answerCount > 0 else { return nil }
        func skipName(_ start: Int) -> Int? {
            var offset = start
            while offset < data.count {
                let length = Int(data[offset])
                if length >= 0xC0 { return offset + 2 }
                if length == 0 { return offset + 1 }
                offset += length + 1
            }
            return nil
        }
        guard let question = skipName(12), let owner = skipName(question + 4), owner + 10 <= data.count,
              data[owner] == 0, data[owner + 1] == 6,
              let mname = skipName(owner + 10), let rname = skipName(mname), rname + 4 <= data.count
        else { return nil }
        return UInt32(data[rname]) << 24 | UInt32(data[rname + 1]) << 16 | UInt32(data[rname + 2]) << 8 | UInt32(data[rname + 3])
    }
}
