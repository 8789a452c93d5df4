import DNSZone
import ZoneStore

/// The zone history, diff and rollback, answered from the store.
extension StoreOperatorAPI {
    public func zoneHistory(_ domain: String) async throws -> ZoneHistoryListing {
        let domain = domain.lowercased()
        guard let zone = try await store.zone(domain) else { throw OperatorQueryError.unknownZone(domain) }
        return ZoneHistoryListing(
            domain: domain, generation: zone.generation, present: zone.present, versions: try await store.historyVersions(of: domain))
    }

    public func zoneDiff(_ domain: String, from: Int64?, to: Int64?) async throws -> ZoneDiffDocument {
        let domain = domain.lowercased()
        guard let zone = try await store.zone(domain) else { throw OperatorQueryError.unknownZone(domain) }
        let kept = try await store.historyVersions(of: domain).map(\.generation)
        // The current text counts as a version even when it was stored before history was kept.
        let current = zone.present ? zone.generation : kept.first
        guard let to = to ?? current else { throw ZoneHistoryError.nothingToCompare(domain) }
        guard let from = from ?? kept.first(where: { $0 < to }) else { throw ZoneHistoryError.nothingToCompare(domain) }
        let old = try await lines(of: domain, generation: from, zone: zone)
        let new = try await lines(of: domain, generation: to, zone: zone)
        let diff = UnifiedDiff.render(
            LineDiff.edits(from: old, to: new), fromLabel: "\(domain) generation \(from)", toLabel: "\(domain) generation \(to)")
        return ZoneDiffDocument(domain: domain, from: from, to: to, diff: diff)
    }

    public func rollback(_ domain: String, to generation: Int64) async throws -> RollbackResult {
        let domain = domain.lowercased()
        guard let before = try await store.zone(domain) else { throw OperatorQueryError.unknownZone(domain) }
        switch try await store.rollback(domain: domain, to: generation, at: clock()) {
        case .rolledBack(let new):
            let restored = try await store.historyVersion(of: domain, generation: generation)?.entry.serial
            return RollbackResult(
                domain: domain, rolledBackTo: generation, generation: new, changed: true,
                serialWarning: Self.serialWarning(restored: restored, before: before.serial))
        case .unchanged(let current): return RollbackResult(domain: domain, rolledBackTo: generation, generation: current, changed: false)
        case .unknownVersion: throw ZoneHistoryError.unknownVersion(domain, generation: generation)
        case .notPresent: throw ZoneHistoryError.zoneDeleted(domain)
        }
    }

    /// Why secondaries may not notice a rollback: its serial is not above the one it replaced
    /// (in serial-number arithmetic, RFC 1982); nil when it is, or either is unknown.
    static func serialWarning(restored: UInt32?, before: UInt32?) -> String? {
        guard let restored, let before else { return nil }
        let ahead = restored != before && (restored &- before) < (1 << 31)
        guard !ahead else { return nil }
        return "the restored serial \(restored) is not above the zone's previous serial \(before): "
            + "secondaries that transfer by serial will not fetch it; push the zone with a higher serial from DirectAdmin"
    }

    /// A kept version's records in canonical form, or the current zone's when `generation` is its generation.
    private func lines(of domain: String, generation: Int64, zone: DesiredZone) async throws -> [String] {
        let text: String
        if let version = try await store.historyVersion(of: domain, generation: generation) {
            text = version.text
        } else if zone.present, zone.generation == generation, let current = zone.canonicalText {
            text = current
        } else {
            throw ZoneHistoryError.unknownVersion(domain, generation: generation)
        }
        do {
            return try ZoneDiff.canonicalLines(text, origin: domain)
        } catch {
            throw ZoneHistoryError.unreadableVersion(domain, generation: generation, reason: "\(error)")
        }
    }
}
