import ZoneStore

/// The JSON of `GET /internal/zones` written straight into bytes, entry by entry. At 100,000
/// zones (25 MB of JSON) `JSONEncoder` held several times the answer in intermediate objects
/// (RSS 97 → 348 MB for one listing); this holds the answer once. The same document: keys
/// sorted, slashes not escaped, absent values left out, a final newline. `GET /internal/zones`
/// writes it page by page (`entries`), so neither all states nor the whole answer are held.
public enum PeerListingJSON {
    public static func encode(_ states: [PeerZoneState]) -> [UInt8] {
        opening + entries(states, following: false) + closing
    }

    /// The document's first bytes, before any entry.
    public static let opening: [UInt8] = Array("[".utf8)
    /// The document's last bytes, after every entry.
    public static let closing: [UInt8] = Array("]\n".utf8)

    /// Entries of the listing, comma-separated; `following` when entries were written before
    /// them (a comma first). `opening`, pages of entries, `closing`: the document of `encode`.
    public static func entries(_ states: [PeerZoneState], following: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(states.count * 260 + 1)
        for (index, state) in states.enumerated() {
            if index > 0 || following { out.append(UInt8(ascii: ",")) }
            append(PeerZoneListingEntry(state), to: &out)
        }
        return out
    }

    /// One entry as an object, keys in sorted order as `JSONEncoder` with `.sortedKeys` writes them.
    static func append(_ entry: PeerZoneListingEntry, to out: inout [UInt8]) {
        var first = true
        func key(_ name: String) {
            out.append(contentsOf: (first ? "{\"" : ",\"").utf8)
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: "\":".utf8)
            first = false
        }
        if let changedAt = entry.changedAt {
            key("changed_at")
            out.append(contentsOf: number(changedAt).utf8)
        }
        if let hash = entry.contentHash {
            key("content_hash")
            string(hash, to: &out)
        }
        if let deleted = entry.deleted {
            key("deleted")
            out.append(contentsOf: (deleted ? "true" : "false").utf8)
        }
        key("domain")
        string(entry.domain, to: &out)
        if let hostname = entry.hostname {
            key("hostname")
            string(hostname, to: &out)
        }
        if let username = entry.username {
            key("username")
            string(username, to: &out)
        }
        if let updated = entry.zoneUpdatedAt {
            key("zone_updated_at")
            string(updated, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// A finite number as JSON writes it (Swift's shortest round-tripping form, without `.0`
    /// for whole values, as `JSONEncoder`); a non-finite one, which JSON cannot hold, as 0.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A JSON string: quotes, backslashes and control characters escaped.
    static func string(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
