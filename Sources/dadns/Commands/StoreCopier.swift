import Foundation
import ZoneStore

/// The copy of one store into another (`dadns store copy`), in batches of zones in domain
/// order, each one transaction in the target: the zones with this node's applied state of
/// them (and their kept versions, `zone_history`), then the journal by domain. Every batch is idempotent (`StoreCopyRule`, journal
/// entries matched by `JournalLine.key`, applied rows already there stand), so a copy
/// that was killed is finished by running it again: what was copied is found there and skipped.
struct StoreCopier {
    let source: any StoreCopying
    let target: any StoreCopying
    var batchSize = 500
    var force = false
    var copyApplied = true
    /// Test hook: after this many batches of zones, stop and wait to be killed.
    var pauseAfterBatches: Int? = nil
    var clock: @Sendable () -> Double = { Date().timeIntervalSince1970 }

    /// What the copy did.
    struct Report {
        var zones = ZoneImportOutcome()
        var journalAppended = 0
        var appliedOffered = 0
        var historyAdded = 0
    }

    /// Zones the target holds at the same or a later generation with other content: what the
    /// copy would refuse (or, with `force`, write over). Read before anything is written.
    func conflicts() async throws -> [String] {
        var found: [String] = []
        var after = ""
        while true {
            let page = try await source.zoneVersions(after: after, limit: batchSize)
            guard let last = page.last else { return found }
            let held = try await target.zoneVersions(of: page.map(\.domain))
            found += page.filter { StoreCopyRule.decide(copying: $0, over: held[$0.domain]) == .conflict }.map(\.domain)
            after = last.domain
        }
    }

    func run() async throws -> Report {
        var report = Report()
        var after = ""
        var batches = 0
        while true {
            let zones = try await source.exportZones(after: after, limit: batchSize)
            guard let last = zones.last else { break }
            let applied = copyApplied ? try await source.exportApplied(domains: zones.map(\.domain)) : []
            let outcome = try await target.importZones(zones, applied: applied, force: force, at: clock())
            report.zones.written += outcome.written
            report.zones.unchanged += outcome.unchanged
            report.zones.refused += outcome.refused
            report.zones.forced.merge(outcome.forced) { $1 }
            report.appliedOffered += applied.count
            // The kept versions of the zones the target now holds in the source's lineage
            // (written, or already there at the same version); a zone refused or forced keeps
            // the target's own history.
            let lineage = outcome.written + outcome.unchanged
            if !lineage.isEmpty {
                report.historyAdded += try await target.importHistory(try await source.exportHistory(domains: lineage))
            }
            after = last.domain
            batches += 1
            if batches == pauseAfterBatches { Self.pauseForever(after: batches) }
        }
        var afterDomain = ""
        while true {
            let entries = try await source.exportJournal(afterDomain: afterDomain, domainLimit: batchSize)
            guard let last = entries.last else { break }
            report.journalAppended += try await target.importJournal(entries)
            afterDomain = last.domain
        }
        return report
    }

    /// Every zone's version of `store`, in domain order.
    static func versions(of store: any StoreCopying, batchSize: Int) async throws -> [StoredZoneVersion] {
        var all: [StoredZoneVersion] = []
        while true {
            let page = try await store.zoneVersions(after: all.last?.domain ?? "", limit: batchSize)
            guard !page.isEmpty else { return all }
            all += page
        }
    }

    private static func pauseForever(after batches: Int) -> Never {
        StandardError.write("dadns: store copy: paused after \(batches) batch(es) (DADNS_TEST_COPY_PAUSE_AFTER_BATCHES)\n")
        while true { sleep(3600) }
    }
}
