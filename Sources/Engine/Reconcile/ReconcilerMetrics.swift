import Foundation
import Metrics

/// `dadns_reconciler_*`: passes, what they found and did, servers that could not be asked.
enum ReconcilerMetrics {
    static func record(_ report: ReconcileReport) {
        Counter(label: "dadns_reconciler_passes_total", dimensions: [("dry_run", String(report.dryRun))]).increment()
        Gauge(label: "dadns_reconciler_last_pass_timestamp_seconds").record(report.finishedAt)
        Gauge(label: "dadns_reconciler_zones_seen").record(report.zonesSeen)
        let kinds: [(String, Int)] = [
            ("orphan", report.orphans), ("deleted", report.deleted), ("missing", report.missing), ("fetched", report.fetched),
            ("rejected", report.rejected), ("migrated", report.migrated.count), ("backfilled", report.backfilled.count),
        ]
        for (kind, count) in kinds {
            Counter(label: "dadns_reconciler_zones_total", dimensions: [("kind", kind)]).increment(by: count)
        }
        for server in report.servers {
            Gauge(label: "dadns_reconciler_server_up", dimensions: [("server", server.hostname)]).record(server.reachable ? 1 : 0)
            if !server.reachable {
                Counter(label: "dadns_reconciler_server_failures_total", dimensions: [("server", server.hostname)]).increment()
            }
            if server.guardReason != nil {
                Counter(label: "dadns_reconciler_guard_trips_total", dimensions: [("server", server.hostname)]).increment()
            }
        }
    }
}
