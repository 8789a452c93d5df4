import DNSZone
import ZoneStore

/// How a zone text from DirectAdmin becomes a push: parsed and validated as BIND would load it,
/// printed canonically and hashed. The receiver (rawsave) and the reconciler (zones fetched
/// from DirectAdmin) both go through here, so a zone is accepted by one rule whatever brought it.
public enum ZoneIntake {
    /// Why a zone text was refused.
    public enum Rejection: Error, Equatable, Sendable, CustomStringConvertible {
        case invalidDomain(String)
        case invalidZone(line: Int, reason: String)
        /// DirectAdmin never sends NUL: a zone holding one comes from an attack or a broken
        /// client, and must not reach a file another program reads as C text.
        case containsNUL
        /// An empty body (or only blank lines): a client that lost the zone on the way.
        case missingContent

        public var description: String {
            switch self {
            case .invalidDomain(let reason): return "invalid domain: \(reason)"
            case .invalidZone(let line, let reason): return "invalid zone: line \(line): \(reason)"
            case .containsNUL: return "invalid zone: it contains a NUL byte"
            case .missingContent: return "missing zone file content"
            }
        }
    }

    /// A push for `domain` (already a checked, lower-cased name) with `zoneText`, or why not.
    public static func accept(
        domain: String, zoneText: [UInt8], hostname: String?, username: String?, clientAddress: String?, source: ChangeSource
    ) -> Result<(push: ZonePush, recordCount: Int), Rejection> {
        let origin: DNSName
        do { origin = try DNSName(domain + ".") } catch {
            return .failure(.invalidDomain("\(error)"))
        }
        if zoneText.contains(0) { return .failure(.containsNUL) }
        if zoneText.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { return .failure(.missingContent) }
        let zone: Zone
        do {
            zone = try ZoneParser.parse(zoneText, origin: origin)
        } catch {
            return .failure(.invalidZone(line: error.line, reason: error.reason))
        }
        let text = ZoneWriter.canonicalText(zone)
        let push = ZonePush(
            domain: domain, canonicalText: text, recordCount: zone.recordCount, contentHash: SHA256.hex(Array(text.utf8)),
            serial: zone.serial, hostname: hostname, username: username, clientAddress: clientAddress, source: source)
        return .success((push, zone.recordCount))
    }
}
