/// Prints zones: the canonical master-file text (absolute names, one record per line) and the
/// relative form database backends store (owner relative to the origin, rdata names absolute).
public enum ZoneWriter {
    /// Canonical text: `owner<TAB>ttl<TAB>IN<TAB>TYPE<TAB>rdata` per line, in canonical order.
    public static func canonicalText(_ zone: Zone) -> String {
        String(decoding: canonicalBytes(zone), as: UTF8.self)
    }

    /// Canonical text as UTF-8 bytes.
    public static func canonicalBytes(_ zone: Zone) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(zone.storage.entries.count * 48)
        write(zone, relative: false, to: &out)
        return out
    }

    /// The same lines with owners relative to the origin (`@` for the apex).
    public static func relativeText(_ zone: Zone) -> String {
        var out: [UInt8] = []
        write(zone, relative: true, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The records as database backends store them.
    public static func relativeRecords(_ zone: Zone) -> [RelativeRecord] {
        let storage = zone.storage
        var buffer: [UInt8] = []
        return storage.entries.map { entry in
            buffer.removeAll(keepingCapacity: true)
            appendOwner(storage.names.prefix(entry.owner), relative: true, originText: [], to: &buffer)
            let owner = String(decoding: buffer, as: UTF8.self)
            buffer.removeAll(keepingCapacity: true)
            let type = RRType(rawValue: entry.type)
            RdataTextPrinter.append(type: type, rdata: storage.rdata(of: entry), to: &buffer)
            return RelativeRecord(
                hostname: owner, type: type.mnemonic, ttl: entry.ttl, data: String(decoding: buffer, as: UTF8.self))
        }
    }

    private static func write(_ zone: Zone, relative: Bool, to out: inout [UInt8]) {
        let storage = zone.storage
        var originText: [UInt8] = []
        DNSNameText.appendAbsolute(zone.origin.wire[...], to: &originText)
        var lastOwner = UInt32.max
        var ownerText: [UInt8] = []
        for entry in storage.entries {
            if entry.owner != lastOwner {
                ownerText.removeAll(keepingCapacity: true)
                appendOwner(storage.names.prefix(entry.owner), relative: relative, originText: originText, to: &ownerText)
                lastOwner = entry.owner
            }
            out.append(contentsOf: ownerText)
            out.append(0x09)
            TextEscapes.appendDecimal(entry.ttl, to: &out)
            out.append(contentsOf: "\tIN\t".utf8)
            let type = RRType(rawValue: entry.type)
            if let name = RRType.mnemonics[entry.type] {
                out.append(contentsOf: name.utf8)
            } else {
                out.append(contentsOf: "TYPE".utf8)
                TextEscapes.appendDecimal(entry.type, to: &out)
            }
            out.append(0x09)
            RdataTextPrinter.append(type: type, rdata: storage.rdata(of: entry), to: &out)
            out.append(0x0A)
        }
    }
}

extension ZoneWriter {
    /// Appends an owner given by its labels above the origin: relative (`@` for the apex) or
    /// absolute (labels, then the origin's text).
    static func appendOwner(_ prefix: ArraySlice<UInt8>, relative: Bool, originText: [UInt8], to out: inout [UInt8]) {
        var index = prefix.startIndex
        if index == prefix.endIndex {
            if relative { out.append(UInt8(ascii: "@")) } else { out.append(contentsOf: originText) }
            return
        }
        while index < prefix.endIndex {
            if index != prefix.startIndex { out.append(UInt8(ascii: ".")) }
            let length = Int(prefix[index])
            DNSNameText.appendLabel(prefix[(index + 1)..<(index + 1 + length)], to: &out)
            index += length + 1
        }
        if !relative {
            out.append(UInt8(ascii: "."))
            if originText != [UInt8(ascii: ".")] { out.append(contentsOf: originText) }
        }
    }
}

/// One record in the shape database backends store: owner relative to the zone (`@`, `www`,
/// `*.sub`), the type mnemonic, the TTL and the rdata in presentation form with absolute names.
public struct RelativeRecord: Hashable, Sendable {
    public var hostname: String
    public var type: String
    public var ttl: UInt32
    public var data: String
}
