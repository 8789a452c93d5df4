/// A DNS query for a zone's SOA and the reading of its answer, in wire format (RFC 1035 §4,
/// EDNS0 from RFC 6891). The query asks without recursion (RD=0): the server must answer from
/// its own zones. The answer is accepted only for the query that was sent: same id, a response,
/// and the same question.
public enum SOAQueryMessage {
    /// What a server answered.
    public struct Answer: Sendable, Equatable {
        /// The response code (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED, 9 NOTAUTH, …).
        public var rcode: Int
        /// The AA flag: the server answers from a zone it holds.
        public var authoritative: Bool
        /// The TC flag.
        public var truncated: Bool
        /// The serial of the zone's own SOA in the answer section; nil when there is none.
        public var serial: UInt32?
    }

    /// Why a datagram is not the answer to the query.
    public enum Mismatch: Error, Equatable, Sendable {
        /// Shorter than its header or its records say.
        case truncatedMessage
        case wrongID
        /// A query, not a response, or not a standard query.
        case notAResponse
        /// Another name, type or class than was asked.
        case otherQuestion
        /// A name whose labels or compression pointers do not hold together.
        case badName
    }

    static let typeSOA: UInt16 = 6
    static let typeOPT: UInt16 = 41
    static let classIN: UInt16 = 1
    /// The UDP payload size offered in EDNS0: fits an unfragmented datagram (DNS flag day 2020).
    static let udpPayloadSize: UInt16 = 1232

    /// The query for `zone`'s SOA with `id`, with an EDNS0 OPT record; nil when `zone` is not a
    /// name that fits the wire (a label over 63 bytes, the name over 255).
    public static func query(id: UInt16, zone: String) -> [UInt8]? {
        guard let name = encodedName(zone) else { return nil }
        var packet: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]
        packet += name
        append(typeSOA, to: &packet)
        append(classIN, to: &packet)
        // OPT: root owner, type 41, class = payload size, TTL 0 (extended rcode, version, flags), no options.
        packet.append(0)
        append(typeOPT, to: &packet)
        append(udpPayloadSize, to: &packet)
        packet += [0, 0, 0, 0, 0, 0]
        return packet
    }

    /// The answer in `message` to the query `id` for `zone`, or why it is not one.
    public static func answer(_ message: [UInt8], id: UInt16, zone: String) throws(Mismatch) -> Answer {
        var reader = Reader(bytes: message)
        guard message.count >= 12 else { throw .truncatedMessage }
        guard reader.u16(at: 0) == id else { throw .wrongID }
        let flags = reader.u16(at: 2)
        // QR set, opcode 0 (standard query).
        guard flags & 0x8000 != 0, (flags >> 11) & 0xF == 0 else { throw .notAResponse }
        let questions = Int(reader.u16(at: 4)), answers = Int(reader.u16(at: 6))
        var answer = Answer(rcode: Int(flags & 0xF), authoritative: flags & 0x0400 != 0, truncated: flags & 0x0200 != 0, serial: nil)
        let wanted = labels(zone)
        reader.offset = 12
        // Servers leave the question out of some error answers (FORMERR); any other must repeat it.
        guard questions == 1 || (questions == 0 && answer.rcode != 0) else { throw .otherQuestion }
        if questions == 1 {
            let name = try reader.name()
            guard let type = reader.next16(), let klass = reader.next16() else { throw .truncatedMessage }
            guard name == wanted, type == typeSOA, klass == classIN else { throw .otherQuestion }
        }
        for _ in 0..<answers {
            let owner = try reader.name()
            guard let type = reader.next16(), let klass = reader.next16(), reader.skip(4), let length = reader.next16() else {
                throw .truncatedMessage
            }
            let end = reader.offset + Int(length)
            guard end <= message.count else { throw .truncatedMessage }
            if type == typeSOA, klass == classIN, owner == wanted, answer.serial == nil {
                _ = try reader.name()  // MNAME
                _ = try reader.name()  // RNAME
                guard reader.offset + 4 <= end, let high = reader.next16(), let low = reader.next16() else { throw .truncatedMessage }
                answer.serial = UInt32(high) << 16 | UInt32(low)
            }
            reader.offset = end
        }
        return answer
    }

    /// `example.com` → its labels, lower-cased (a trailing dot ignored).
    static func labels(_ name: String) -> [String] {
        name.lowercased().split(separator: ".").map(String.init)
    }

    static func encodedName(_ name: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        for label in labels(name) {
            let utf8 = Array(label.utf8)
            guard !utf8.isEmpty, utf8.count <= 63 else { return nil }
            bytes.append(UInt8(utf8.count))
            bytes += utf8
        }
        bytes.append(0)
        return bytes.count <= 255 ? bytes : nil
    }

    private static func append(_ value: UInt16, to packet: inout [UInt8]) {
        packet.append(UInt8(value >> 8))
        packet.append(UInt8(value & 0xFF))
    }

    /// Reads a message front to back; names may point back into it (RFC 1035 §4.1.4).
    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        func u16(at position: Int) -> UInt16 { UInt16(bytes[position]) << 8 | UInt16(bytes[position + 1]) }

        mutating func next16() -> UInt16? {
            guard offset + 2 <= bytes.count else { return nil }
            defer { offset += 2 }
            return u16(at: offset)
        }

        mutating func skip(_ count: Int) -> Bool {
            guard offset + count <= bytes.count else { return false }
            offset += count
            return true
        }

        /// The name at `offset`, lower-cased labels; `offset` moves past it (past the first
        /// pointer when compressed). Pointers must point backwards, so they cannot loop.
        mutating func name() throws(Mismatch) -> [String] {
            var labels: [String] = []
            var position = offset
            var resumeAt: Int?
            var length = 0
            while true {
                guard position < bytes.count else { throw .truncatedMessage }
                let byte = bytes[position]
                if byte & 0xC0 == 0xC0 {
                    guard position + 1 < bytes.count else { throw .truncatedMessage }
                    let target = Int(byte & 0x3F) << 8 | Int(bytes[position + 1])
                    guard target < position else { throw .badName }
                    if resumeAt == nil { resumeAt = position + 2 }
                    position = target
                    continue
                }
                guard byte & 0xC0 == 0 else { throw .badName }
                if byte == 0 {
                    offset = resumeAt ?? position + 1
                    return labels
                }
                let count = Int(byte)
                guard position + 1 + count <= bytes.count else { throw .truncatedMessage }
                length += count + 1
                guard length <= 255 else { throw .badName }
                labels.append(String(decoding: bytes[(position + 1)...(position + count)], as: UTF8.self).lowercased())
                position += count + 1
            }
        }
    }
}
