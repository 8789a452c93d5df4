import Metrics

/// `dadns_peer_sync_*`: passes, zones taken from peers, peer health.
enum PeerSyncMetrics {
    static func record(_ report: PeerSyncReport, health: [PeerHealth]) {
        Counter(label: "dadns_peer_sync_passes_total").increment()
        Gauge(label: "dadns_peer_sync_last_pass_timestamp_seconds").record(report.finishedAt)
        let kinds: [(String, Int)] = [
            ("pulled", report.pulled), ("deleted", report.deleted), ("rejected", report.rejected),
            ("pruned", report.tombstonesPruned),
        ]
        for (kind, count) in kinds {
            Counter(label: "dadns_peer_sync_zones_total", dimensions: [("kind", kind)]).increment(by: count)
        }
        for peer in report.peers {
            guard let listing = peer.listing else { continue }
            let labels = [("peer", peer.url), ("listing", listing)]
            Counter(label: "dadns_peer_sync_listings_total", dimensions: labels).increment()
            Counter(label: "dadns_peer_sync_listed_entries_total", dimensions: labels).increment(by: peer.listed)
        }
        for peer in report.peers where !peer.ok {
            Counter(label: "dadns_peer_sync_peer_failures_total", dimensions: [("peer", peer.url)]).increment()
        }
        for peer in health {
            Gauge(label: "dadns_peer_sync_peer_up", dimensions: [("peer", peer.url)]).record(peer.healthy ? 1 : 0)
            Gauge(label: "dadns_peer_sync_peer_consecutive_failures", dimensions: [("peer", peer.url)]).record(peer.consecutiveFailures)
            if let lastSeen = peer.lastSeen {
                Gauge(label: "dadns_peer_sync_peer_last_seen_timestamp_seconds", dimensions: [("peer", peer.url)]).record(lastSeen)
            }
        }
    }
}
