import DNSZone
import DirectAdmin
import ZoneStore

/// A listing entry from a peer, checked: nothing from a peer is trusted until it passed here.
struct PeerEntry: Sendable, Equatable {
    var domain: String
    var changedAt: Double
    /// Nil for a tombstone, or when the peer (a reference node) lists no hash.
    var contentHash: String?
    var deleted: Bool
    var hostname: String?
    var username: String?

    var version: ZoneVersion { ZoneVersion(changedAt: changedAt, contentHash: deleted ? nil : contentHash) }
}

/// A checked value from a peer, or why it was refused.
enum Checked<Value> {
    case accepted(Value)
    case rejected(String)
}

/// Checks of what peers send: names, times, hashes, owners.
enum PeerInput {
    /// A change time further ahead of this node's clock is refused (a peer whose clock runs
    /// far ahead would otherwise win every comparison for as long).
    static let maxFutureSeconds = 3600.0

    static func check(_ entry: PeerZoneListingEntry, now: Double) -> Checked<PeerEntry> {
        guard case .success(let domain) = DomainNameRules.normalize(entry.domain) else {
            return .rejected("invalid domain name \(printable(entry.domain))")
        }
        guard let changedAt = entry.changedAt ?? entry.zoneUpdatedAt.flatMap(PeerTimestamp.parse) else {
            return .rejected("\(domain): no valid change time (changed_at or zone_updated_at)")
        }
        guard changedAt.isFinite, changedAt > 0, changedAt <= now + maxFutureSeconds else {
            return .rejected("\(domain): change time \(changedAt) is not plausible (clock far ahead?)")
        }
        let deleted = entry.deleted ?? false
        var hash: String?
        if !deleted, let listed = entry.contentHash {
            guard isHash(listed) else { return .rejected("\(domain): content_hash \(printable(listed)) is not a SHA-256 hex digest") }
            hash = listed
        }
        let hostname: String?
        switch owner(entry.hostname) {
        case .accepted(let value): hostname = value
        case .rejected(let reason): return .rejected("\(domain): \(reason)")
        }
        var username: String?
        if let raw = entry.username, !raw.isEmpty {
            guard let valid = Reconciler.validUser(raw) else { return .rejected("\(domain): invalid username \(printable(raw))") }
            username = valid
        }
        return .accepted(PeerEntry(
            domain: domain, changedAt: changedAt, contentHash: hash, deleted: deleted, hostname: hostname, username: username))
    }

    /// A DirectAdmin owner host name: empty or absent is none; otherwise a valid host name.
    static func owner(_ raw: String?) -> Checked<String?> {
        guard let raw, !raw.isEmpty else { return .accepted(nil) }
        guard case .success(let name) = DomainNameRules.normalize(raw) else { return .rejected("invalid hostname \(printable(raw))") }
        return .accepted(name)
    }

    static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// Peer text safe for a log line: at most 64 characters, control and non-ASCII characters as `?`, quoted.
    static func printable(_ text: String) -> String {
        let shown = text.unicodeScalars.prefix(64).map { $0.isASCII && $0.value >= 32 && $0.value != 127 ? Character($0) : "?" }
        return "'" + String(shown) + (text.unicodeScalars.count > 64 ? "…" : "") + "'"
    }
}
