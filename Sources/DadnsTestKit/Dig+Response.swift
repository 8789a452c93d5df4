import Foundation

extension Dig {
    /// One resource record as dig prints it.
    public struct Record: Equatable, Sendable, CustomStringConvertible {
        /// Owner, fully qualified with its trailing dot.
        public var name: String
        public var ttl: UInt32
        public var type: String
        /// The rdata in dig's presentation form (fields separated by single spaces).
        public var data: String

        public init(name: String, ttl: UInt32, type: String, data: String) {
            self.name = name
            self.ttl = ttl
            self.type = type
            self.data = data
        }

        public var description: String { "\(name) \(ttl) \(type) \(data)" }
    }

    /// A whole response: the status and the answer and authority sections, TTLs included.
    public struct Response: Equatable, Sendable {
        public var status: String
        public var answer: [Record]
        public var authority: [Record]

        public init(status: String, answer: [Record], authority: [Record]) {
            self.status = status
            self.answer = answer
            self.authority = authority
        }
    }

    /// Asks `name`/`type` of the server on 127.0.0.1:`port`; `dnssec` sets the DO bit
    /// (`+dnssec`), so a signed zone's RRSIGs and NSEC/NSEC3 records come back too.
    public static func response(port: Int, _ name: String, _ type: String, dnssec: Bool = false) throws -> Response {
        var arguments = ["/usr/bin/dig",
            "@127.0.0.1", "-p", String(port), name, type, "+time=2", "+tries=1", "+norecurse", "+noall", "+comments",
            "+answer", "+authority", "+nomultiline", "+nottlunits",
        ]
        if dnssec { arguments.append("+dnssec") }
        let output = try ProgramRun.text(arguments)
        var response = Response(status: "?", answer: [], authority: [])
        var section = ""
        for line in output.split(separator: "\n") {
            if line.hasPrefix(";") {
                if let range = line.range(of: "status: ") { response.status = String(line[range.upperBound...].prefix { $0 != "," }) }
                if line.hasPrefix(";; ANSWER SECTION") { section = "answer" }
                if line.hasPrefix(";; AUTHORITY SECTION") { section = "authority" }
                if line.hasPrefix(";; ADDITIONAL SECTION") { section = "" }
                continue
            }
            // owner TTL class type rdata…
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count > 4, let ttl = UInt32(fields[1]) else { continue }
            let record = Record(name: String(fields[0]), ttl: ttl, type: String(fields[3]), data: fields.dropFirst(4).joined(separator: " "))
            if section == "answer" { response.answer.append(record) }
            if section == "authority" { response.authority.append(record) }
        }
        return response
    }
}
