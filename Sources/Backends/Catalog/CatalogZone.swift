import DNSZone

/// An RFC 9432 catalog zone (schema version 2) as a bind or nsd backend publishes it: the SOA,
/// `NS invalid.`, `version TXT "2"` and one `<label>.zones PTR <member>.` per member zone.
///
/// A member's label is the SHA-256 of its name in DNS wire format (lower-cased), in hex, cut to
/// 40 characters — the length of the SHA-1 labels BIND's own tooling writes. RFC 9432 §4.1 only
/// asks that labels be unique and stable; a hash keeps a zone's label the same across
/// restarts, nodes and rewrites, so a consumer never sees a member "move" (which RFC 9432
/// treats as a zone reset). SHA-256 is used because dadns already has it (DNSZone).
public struct CatalogZone: Sendable, Equatable {
    /// The catalog's name, lower-case, without the trailing dot.
    public let name: String

    public init(name: String) {
        self.name = CatalogZone.normalized(name)
    }

    /// Lower-cased, without a trailing dot.
    public static func normalized(_ name: String) -> String {
        let lowered = name.lowercased()
        return lowered.hasSuffix(".") ? String(lowered.dropLast()) : lowered
    }

    /// The stable label of a member zone (see the type's comment).
    public static func label(for member: String) -> String {
        var wire: [UInt8] = []
        for label in normalized(member).split(separator: ".") {
            wire.append(UInt8(truncatingIfNeeded: label.utf8.count))
            wire += label.utf8
        }
        wire.append(0)
        return String(SHA256.digest(wire).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined().prefix(40))
    }

    /// The serial after `previous`: the current Unix time, or one more than `previous` when that
    /// is not already above it (RFC 1982 arithmetic is not needed: it only grows).
    public static func nextSerial(after previous: UInt32?, now: Double) -> UInt32 {
        let clock = UInt32(clamping: Int64(now))
        guard let previous else { return clock }
        let next = previous &+ 1
        return clock > previous ? clock : next
    }

    /// The catalog's master-file text for `members` at `serial`, members sorted by name.
    public func text(members: Set<String>, serial: UInt32) -> String {
        let origin = name + "."
        var text = """
            ; Catalog zone (RFC 9432, schema version 2) written by dadns; changes here are overwritten.
            $ORIGIN \(origin)
            $TTL 0
            @ IN SOA invalid. invalid. \(serial) 3600 600 2147483646 0
            @ IN NS invalid.
            version IN TXT "2"

            """
        for member in members.map(CatalogZone.normalized).sorted() {
            text += "\(CatalogZone.label(for: member)).zones IN PTR \(member).\n"
        }
        return text
    }

    /// The serial and members of a catalog this type wrote (nil when the text is not one).
    public static func read(_ text: String) -> (serial: UInt32, members: Set<String>)? {
        var serial: UInt32?
        var members: Set<String> = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count >= 6, fields[0] == "@", fields[2] == "SOA" {
                serial = UInt32(fields[5])
            } else if fields.count == 4, fields[0].hasSuffix(".zones"), fields[2] == "PTR" {
                members.insert(normalized(String(fields[3])))
            }
        }
        return serial.map { ($0, members) }
    }
}
