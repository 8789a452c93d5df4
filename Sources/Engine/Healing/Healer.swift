import Foundation
import Backends
import Logging
import Metrics
import ZoneStore

/// The healing pass: compares what each backend holds with the desired state and brings back
/// what drifted — zones missing or changed behind our back are applied again, deleted zones a
/// backend still holds are removed again. Zones the store has never seen are only reported:
/// the store may have been reset, and deleting on uncertainty loses customers' zones.
public actor Healer {
    let lanes: [DispatcherLane]
    let context: EngineContext
    /// Only report what a pass would queue.
    public nonisolated let dryRun: Bool
    let logger: Logger
    /// The last pass's report per backend.
    public private(set) var history = PassHistory<[HealReport]>()
    /// Called after each pass: the daemon gives the memory the pass's pages took back to the
    /// system (`malloc_trim`); glibc keeps it for reuse otherwise.
    let afterPass: @Sendable () -> Void

    public init(lanes: [DispatcherLane], context: EngineContext, dryRun: Bool, afterPass: @escaping @Sendable () -> Void = {}) {
        self.afterPass = afterPass
        self.lanes = lanes
        self.context = context
        self.dryRun = dryRun
        logger = context.logger.with("component", "heal")
    }

    /// One pass over every backend.
    @discardableResult
    public func heal() async -> [HealReport] {
        var reports: [HealReport] = []
        for lane in lanes {
            reports.append(await heal(lane.backend))
        }
        history.record(reports, at: context.clock())
        afterPass()
        return reports
    }

    private func heal(_ backend: any DNSBackend) async -> HealReport {
        var report = HealReport(backend: backend.name, dryRun: dryRun)
        let started = context.clock()
        let cpuAtStart = ProcessCPUTime.seconds()
        defer { Self.recordCost(of: report, backend: backend.name) }
        var holds = HoldTimer()
        do {
            // What the backend held at the start, less the zones of the pages compared so far:
            // at the end, the zones the store does not have. (Pages come in domain order, so a
            // page's zones are still in it when the page is compared.) Shrinking the inventory,
            // instead of collecting every present zone's name beside it, holds one set of names
            // instead of two (100,000 at 100,000 zones) and keeps no name of a page alive among
            // the page's freed texts, which the trim after the pass could not give back.
            var unseen = try await holds.time { try await backend.inventory() }
            var after = ""
            while true {
                let page = try await context.store.presentZoneTexts(afterDomain: after, limit: 500)
                guard let last = page.last else { break }
                after = last.domain
                report.checked += page.count
                let desired = page.map { BackendChange(domain: $0.domain, zoneText: $0.text) }
                // Against the inventory read above, not read again for every page; what looks
                // drifted is checked again against the backend as it is now (a batch may have
                // added a zone since the pass began).
                var drifted = try await holds.time { try await backend.drifted(desired, held: unseen) }
                // Zones the backend is still catching up on are the lane's business, not drift;
                // left out before the check again, which (bind, nsd) reads the whole inventory
                // again: during a push most pages have such zones, and that re-read for every
                // page was 19.9 of the 36.7 MB heap peak of a push of 40,000 (heaptrack).
                let settled = try await context.store.upToDate(backend: backend.name, among: drifted)
                drifted = drifted.filter(settled.contains)
                if !drifted.isEmpty {
                    let again = Set(drifted)
                    drifted = try await holds.time { try await backend.drifted(desired.filter { again.contains($0.domain) }) }
                }
                report.drifted += drifted
                for zone in page { unseen.remove(zone.domain) }
            }
            let extra = unseen.sorted()
            let deleted = try await context.store.deleted(among: extra)
            report.stale = extra.filter(deleted.contains)
            report.unknown = extra.filter { !deleted.contains($0) }
            if !dryRun {
                let now = context.clock()
                try await context.store.requeue(backend: backend.name, domains: report.drifted, reason: "healing: missing or different on the backend", at: now)
                try await context.store.requeue(backend: backend.name, domains: report.stale, reason: "healing: deleted zone still on the backend", at: now)
            }
        } catch {
            report.finish(started: started, now: context.clock(), cpuAtStart: cpuAtStart, holds: holds)
            report.error = "\(error)"
            logger.error("[heal] \(backend.name): cannot compare with the desired state: \(error)")
            return report
        }
        report.finish(started: started, now: context.clock(), cpuAtStart: cpuAtStart, holds: holds)
        let dimensions = [("backend", backend.name)]
        Counter(label: "dadns_heal_zones_total", dimensions: dimensions + [("kind", "drifted")]).increment(by: report.drifted.count)
        Counter(label: "dadns_heal_zones_total", dimensions: dimensions + [("kind", "stale")]).increment(by: report.stale.count)
        Counter(label: "dadns_verification_mismatches_total", dimensions: dimensions)
            .increment(by: report.drifted.count + report.stale.count)
        let action = dryRun ? "[DRY-RUN] would queue" : "queued"
        if report.drifted.isEmpty && report.stale.isEmpty {
            logger.info("[heal] \(backend.name): \(report.checked) zone(s) checked, all in line\(report.costDescription)")
        } else {
            logger.warning(
                "[heal] \(backend.name): \(report.checked) zone(s) checked; \(action) \(report.drifted.count) missing or different (\(Self.sample(report.drifted))) and \(report.stale.count) deleted (\(Self.sample(report.stale)))\(report.costDescription)")
        }
        if !report.unknown.isEmpty {
            logger.warning(
                "[heal] \(backend.name): \(report.unknown.count) zone(s) held but unknown to the store, left alone (\(Self.sample(report.unknown)))")
        }
        return report
    }

    static func sample(_ domains: [String]) -> String {
        domains.isEmpty ? "none" : domains.prefix(5).joined(separator: ", ") + (domains.count > 5 ? ", …" : "")
    }
}
