import DNSZone
import ZoneStore

/// The check at the end of `dadns store copy`: both sides' zones compared one by one, a
/// SHA-256 over each side's zones (`domain generation content_hash` lines, `-` for a deleted
/// zone's hash, in domain order), and the rows per table (zone history versions too).
struct StoreCopyVerification {
    var sourceCounts: StoreCounts
    var targetCounts: StoreCounts
    var sourceDigest: String
    var targetDigest: String
    /// Source zones the target does not have.
    var missing: [String] = []
    /// Source zones the target has in another version (not merely renumbered).
    var differing: [String] = []
    /// Source zones the target has with the same content at a later generation (`--force`, or
    /// a target that had them already).
    var renumbered: [String] = []
    /// Zones only the target has.
    var onlyInTarget: [String] = []
    /// Whether this node's applied state was copied (then compared).
    var appliedCopied: Bool

    init(source: [StoredZoneVersion], target: [StoredZoneVersion], sourceCounts: StoreCounts, targetCounts: StoreCounts, appliedCopied: Bool) {
        self.sourceCounts = sourceCounts
        self.targetCounts = targetCounts
        self.appliedCopied = appliedCopied
        sourceDigest = Self.digest(source)
        targetDigest = Self.digest(target)
        let held = Dictionary(target.map { ($0.domain, $0) }, uniquingKeysWith: { first, _ in first })
        for zone in source {
            guard let there = held[zone.domain] else {
                missing.append(zone.domain)
                continue
            }
            if there == zone { continue }
            if there.generation > zone.generation && there.hasSameContent(as: zone) {
                renumbered.append(zone.domain)
            } else {
                differing.append(zone.domain)
            }
        }
        let copied = Set(source.map(\.domain))
        onlyInTarget = target.map(\.domain).filter { !copied.contains($0) }
    }

    /// Every source zone is in the target at its version (or renumbered with the same content),
    /// and the target holds at least the source's journal entries and applied rows.
    var verified: Bool {
        missing.isEmpty && differing.isEmpty && targetCounts.journalEntries >= sourceCounts.journalEntries
            && targetCounts.historyVersions >= sourceCounts.historyVersions
            && (!appliedCopied || targetCounts.appliedRows >= sourceCounts.appliedRows)
    }

    /// The two sides are the same zone for zone, count for count.
    var identical: Bool { sourceDigest == targetDigest && sourceCounts == targetCounts }

    static func digest(_ zones: [StoredZoneVersion]) -> String {
        var bytes: [UInt8] = []
        for zone in zones { bytes += Array("\(zone.domain) \(zone.generation) \(zone.contentHash ?? "-")\n".utf8) }
        return SHA256.hex(bytes)
    }

    /// The lines `store copy` prints.
    var lines: [String] {
        func row(_ name: String, _ source: Int, _ target: Int) -> String {
            name.padding(toLength: 12, withPad: " ", startingAt: 0) + String(source).leftPadded(10) + String(target).leftPadded(10)
        }
        var lines = [
            "table".padding(toLength: 12, withPad: " ", startingAt: 0) + "source".leftPadded(10) + "target".leftPadded(10),
            row("zones", sourceCounts.presentZones, targetCounts.presentZones),
            row("tombstones", sourceCounts.tombstones, targetCounts.tombstones),
            row("journal", sourceCounts.journalEntries, targetCounts.journalEntries),
            row("applied", sourceCounts.appliedRows, targetCounts.appliedRows) + (appliedCopied ? "" : "  (not copied)"),
            row("history", sourceCounts.historyVersions, targetCounts.historyVersions),
            "zones sha256: source \(sourceDigest)",
            "              target \(targetDigest)",
        ]
        for (label, zones) in [
            ("missing in the target", missing), ("another version in the target", differing),
            ("same content at a later generation in the target", renumbered), ("only in the target", onlyInTarget),
        ] where !zones.isEmpty {
            lines.append("\(zones.count) zone(s) \(label): \(zones.prefix(20).joined(separator: ", "))\(zones.count > 20 ? ", …" : "")")
        }
        lines.append(identical ? "verified: identical" : verified ? "verified: the target holds everything the source has, and more" : "NOT verified: the target differs")
        return lines
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
