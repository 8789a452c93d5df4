import Backends
import Foundation
import Logging
import Metrics
import SettingsKit
import ZoneStore

/// The served-state probe: asks each backend's DNS server (its `dns_address`) for the SOA of
/// every zone the store says that backend has applied, and records per (backend, zone) whether
/// the server serves the stored serial. Stale and missing zones are queued to be applied again
/// through the lane, as healing does; unanswered ones are only counted (the server may be down,
/// which the lanes and healing see to). This is what catches a zone file that is right on disk
/// while the server still serves an old copy.
///
/// Results live in memory: they start empty when the daemon starts.
public actor ServedStateProbe {
    /// A backend whose server is asked.
    public struct Target: Sendable, Equatable {
        public var backend: String
        public var address: DNSServerAddress
        public init(backend: String, address: DNSServerAddress) {
            self.backend = backend
            self.address = address
        }
    }

    public nonisolated let targets: [Target]
    public nonisolated let settings: ProbeSettings
    let context: EngineContext
    let logger: Logger
    /// The latest result per backend, then zone.
    private var results: [String: [String: ProbeResult]] = [:]
    /// The latest full pass per backend (its counts, when and how long).
    private var lastPass: [String: ProbeReport.Backend] = [:]
    private var lastPassAt: [String: Double] = [:]
    /// Full passes (every zone of every backend).
    public private(set) var history = PassHistory<ProbeReport>()

    /// Zones read from the store at a time.
    static let pageSize = 500
    /// Stale and missing results kept in a report of many zones.
    static let reportSample = 100

    public init(targets: [Target], settings: ProbeSettings, context: EngineContext) {
        self.targets = targets
        self.settings = settings
        self.context = context
        logger = context.logger.with("component", "probe")
    }

    /// One pass over every zone of every backend (the periodic pass).
    @discardableResult
    public func pass() async -> ProbeReport {
        await run(zone: nil, backend: nil)
    }

    /// Asks the servers now: every zone, or only `zone`; every backend with an address, or only
    /// `backend`. A run over every zone replaces the backend's results (zones gone from the
    /// store drop out); a run for one zone updates that zone's.
    public func run(zone: String?, backend: String?) async -> ProbeReport {
        let started = context.clock()
        let chosen = targets.filter { backend == nil || $0.backend == backend }
        // Each server on its own: one slow or silent server does not hold up the others.
        let outcomes = await withTaskGroup(of: (ProbeReport.Backend, [ProbeResult]).self) { group in
            for target in chosen {
                group.addTask { await self.probe(target, zone: zone) }
            }
            var collected: [String: (ProbeReport.Backend, [ProbeResult])] = [:]
            for await outcome in group { collected[outcome.0.name] = outcome }
            return chosen.compactMap { collected[$0.backend] }
        }
        var report = ProbeReport(backends: [], results: [], at: context.clock())
        for (summary, found) in outcomes {
            report.backends.append(summary)
            var kept = zone == nil ? [:] : results[summary.name] ?? [:]
            for result in found { kept[result.zone] = result }
            results[summary.name] = kept
            let notServed = found.filter { $0.state != .served }
            report.results += zone == nil ? Array(notServed.prefix(Self.reportSample)) : found
            if zone == nil {
                lastPass[summary.name] = summary
                lastPassAt[summary.name] = report.at
            }
            publish(summary.name)
        }
        if zone == nil, backend == nil {
            history.record(report, at: report.at)
            Counter(label: "dadns_probe_passes_total").increment()
        }
        logger.info("\(Self.describe(report, seconds: report.at - started))")
        return report
    }

    /// One backend's server, asked for every zone it has applied (or `only` that zone).
    private func probe(_ target: Target, zone only: String?) async -> (ProbeReport.Backend, [ProbeResult]) {
        var summary = ProbeReport.Backend(name: target.backend, address: target.address.description)
        let started = context.clock()
        var found: [ProbeResult] = []
        do {
            let exchange = try SOAQueryExchange(server: target.address, settings: settings)
            var after = ""
            while !Task.isCancelled {
                let zones: [ZoneSummary]
                if let only {
                    zones = try await context.store.zone(only).map { $0.present ? [ZoneSummary($0)] : [] } ?? []
                } else {
                    zones = try await context.store.zonePage(present: true, after: after, limit: Self.pageSize)
                }
                guard let last = zones.last else { break }
                after = last.domain
                // Only zones the backend holds at their current generation: the rest are the lane's business.
                let applied = try await context.store.upToDate(backend: target.backend, among: zones.map(\.domain))
                let asked = zones.filter { applied.contains($0.domain) && $0.serial != nil }
                found += try await ask(exchange, target.backend, asked, summary: &summary)
                if only != nil { break }
            }
        } catch {
            summary.error = "\(error)"
            logger.error("[probe] \(target.backend) at \(target.address): \(error)")
        }
        summary.seconds = context.clock() - started
        Gauge(label: "dadns_probe_duration_seconds", dimensions: [("backend", target.backend)]).record(summary.seconds)
        return (summary, found)
    }

    /// Asks for `zones` in slices that take about a second to send, so a cancelled task stops
    /// soon; queues stale and missing zones to be applied again. A slice without a single answer
    /// ends the backend's pass: its other zones count as unanswered without being asked.
    private func ask(
        _ exchange: SOAQueryExchange, _ backend: String, _ zones: [ZoneSummary], summary: inout ProbeReport.Backend
    ) async throws -> [ProbeResult] {
        var found: [ProbeResult] = []
        let slice = max(1, min(Self.pageSize, Int(settings.queriesPerSecond)))
        var start = 0
        while start < zones.count, !Task.isCancelled {
            let part = Array(zones[start..<min(zones.count, start + slice)])
            start += slice
            let names = part.map(\.domain)
            let outcomes = await BlockingWork.run { exchange.ask(names) }
            let now = context.clock()
            for (zone, outcome) in zip(part, outcomes) {
                let wanted = zone.serial ?? 0
                let (state, served, detail) = ProbeResult.classify(outcome, wanted: wanted)
                summary.count(state)
                found.append(ProbeResult(
                    backend: backend, zone: zone.domain, state: state, servedSerial: served, wantedSerial: wanted, detail: detail, at: now))
            }
            if outcomes.allSatisfy({ $0 == .unanswered }) {
                // A server that answered none of a whole slice is taken for down: the rest of the
                // pass does not wait out its timeouts (the lanes and healing see to a server that is down).
                let detail = "not asked: the server answered none of the \(part.count) queries before"
                for zone in zones[min(start, zones.count)...] {
                    summary.count(.unanswered)
                    found.append(ProbeResult(
                        backend: backend, zone: zone.domain, state: .unanswered, servedSerial: nil, wantedSerial: zone.serial ?? 0,
                        detail: detail, at: now))
                }
                break
            }
            let stale = found.suffix(part.count).filter { $0.state == .stale }.map(\.zone)
            let missing = found.suffix(part.count).filter { $0.state == .missing }.map(\.zone)
            summary.requeued += try await context.store.requeue(
                backend: backend, domains: stale, reason: "probe: the server serves another serial than the stored zone's", at: now)
            summary.requeued += try await context.store.requeue(backend: backend, domains: missing, reason: "probe: the server does not serve the zone", at: now)
        }
        return found
    }

    /// Sets the `dadns_probe_zones` gauges of `backend` from its results.
    private func publish(_ backend: String) {
        let counts = self.counts(backend)
        for state in ProbeResult.State.allCases {
            Gauge(label: "dadns_probe_zones", dimensions: [("backend", backend), ("state", state.rawValue)]).record(counts[state] ?? 0)
        }
    }

    /// How many zones of `backend` are in each state, by the latest results.
    func counts(_ backend: String) -> [ProbeResult.State: Int] {
        var counts: [ProbeResult.State: Int] = [:]
        for result in (results[backend] ?? [:]).values { counts[result.state, default: 0] += 1 }
        return counts
    }

    /// The latest result of `zone` on each backend probed for it.
    public func results(for zone: String) -> [ProbeResult] {
        targets.compactMap { results[$0.backend]?[zone.lowercased()] }
    }

    /// What `/status` shows: per backend the latest counts and full pass, and up to `sample`
    /// zones that are not served.
    public func overview(sample: Int = 20) -> Overview {
        var overview = Overview(lastRun: history.lastRun, passes: history.passes, backends: [], notServed: [])
        for target in targets {
            let counts = self.counts(target.backend)
            overview.backends.append(.init(
                name: target.backend, address: target.address.description, lastPass: lastPassAt[target.backend],
                lastPassSeconds: lastPass[target.backend]?.seconds, lastError: lastPass[target.backend]?.error,
                served: counts[.served] ?? 0, stale: counts[.stale] ?? 0, missing: counts[.missing] ?? 0, unanswered: counts[.unanswered] ?? 0))
            let notServed = (results[target.backend] ?? [:]).values.filter { $0.state != .served }.sorted { $0.zone < $1.zone }
            overview.notServed += notServed.prefix(max(0, sample - overview.notServed.count))
        }
        return overview
    }

    /// The probe's state for `/status`.
    public struct Overview: Sendable, Equatable {
        public var lastRun: Double?
        public var passes: Int
        public var backends: [StatusDocument.Probe.Backend]
        public var notServed: [ProbeResult]
    }

    static func describe(_ report: ProbeReport, seconds: Double) -> String {
        let parts = report.backends.map { backend in
            "\(backend.name): \(backend.served) served, \(backend.stale) stale, \(backend.missing) missing, \(backend.unanswered) unanswered"
                + (backend.requeued > 0 ? ", \(backend.requeued) queued again" : "") + (backend.error.map { " (\($0))" } ?? "")
        }
        return "[probe] \(parts.isEmpty ? "no backend names a dns_address" : parts.joined(separator: "; ")) in \(String(format: "%.2f", seconds)) s"
    }
}
