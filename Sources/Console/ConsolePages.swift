import Engine
import Operator
import ZoneStore

/// The data each page's template reads, from the operator API's documents.
enum ConsolePages {
    /// `activity`: the daemon's per-minute counts, drawn as charts; nil leaves the charts out.
    static func overview(_ document: StatusDocument, activity: ActivityDocument? = nil) -> [String: Any] {
        let backends: [[String: Any]] = document.backends.map { backend in
            [
                "name": backend.name, "type": backend.type, "status": backend.status.rawValue,
                "pending": backend.pending, "retrying": backend.retrying, "failed": backend.failed,
                "oldestPending": ConsoleFormat.duration(backend.oldestPendingSeconds),
                "lastBatch": backend.lastBatch.map { batch in
                    "\(batch.succeeded) of \(batch.size) applied in \(String(format: "%.2f", batch.seconds)) s "
                        + "(\(String(format: "%.1f", batch.zonesPerSecond)) zones/s) at \(ConsoleFormat.time(batch.finishedAt))"
                } ?? "—",
                "lastError": backend.lastError.map { "\($0.domain): \($0.error) (\(ConsoleFormat.time($0.at)))" } ?? "—",
                "probed": probeLine(document.probe?.backends?.first { $0.name == backend.name }) != nil,
                "probe": probeLine(document.probe?.backends?.first { $0.name == backend.name }) ?? "",
            ]
        }
        let peers: [[String: Any]] = (document.peerSync.peers ?? []).map { peer in
            ["url": peer.url, "healthy": peer.healthy ? "yes" : "no", "lastSeen": ConsoleFormat.time(peer.lastSeen), "lastError": peer.lastError ?? "—"]
        }
        let reconciler = document.reconciler
        var page: [String: Any] = [
            "status": document.status.rawValue, "reasons": document.reasons, "hasReasons": !document.reasons.isEmpty,
            "zones": document.zones, "version": document.version, "uptime": ConsoleFormat.duration(document.uptimeSeconds),
            "draining": document.draining, "backends": backends, "peerSync": document.peerSync.status, "peers": peers,
            "hasPeers": !peers.isEmpty, "reconciler": reconciler.status,
        ]
        if let lastRun = reconciler.lastRun {
            page["reconcilerPass"] = [
                "lastRun": ConsoleFormat.time(lastRun), "serversPolled": reconciler.serversPolled ?? 0,
                "unreachable": (reconciler.serversUnreachable ?? []).joined(separator: ", "),
                "zonesSeen": reconciler.zonesSeen ?? 0, "orphans": reconciler.orphans ?? 0, "missing": reconciler.missing ?? 0,
            ] as [String: Any]
        }
        if let activity {
            page["charts"] = ActivityCharts.templateData(activity)
            page["hasCharts"] = true
        }
        return page
    }

    /// A backend card's probe line: its latest counts and pass; nil when its server is not probed.
    static func probeLine(_ probe: StatusDocument.Probe.Backend?) -> String? {
        guard let probe else { return nil }
        let counts = "\(probe.served) served, \(probe.stale) stale, \(probe.missing) missing, \(probe.unanswered) unanswered"
        return probe.served + probe.stale + probe.missing + probe.unanswered == 0 && probe.lastPass == nil
            ? "\(probe.address): not run yet" : "\(probe.address): \(counts)" + (probe.lastPass.map { " (last pass \(ConsoleFormat.time($0)))" } ?? "")
    }

    static func zones(_ search: ZoneSearch, page: ZoneSearch.Page, backends: [String]) -> [String: Any] {
        func choices(_ values: [String], _ labels: [String], selected: String) -> [[String: Any]] {
            zip(values, labels).map { ["value": $0, "label": $1, "selected": $0 == selected] }
        }
        let states = PairState.State.allCases.map(\.rawValue)
        var data: [String: Any] = [
            "q": search.text, "host": search.host,
            "matches": choices(ZoneSearch.Match.allCases.map(\.rawValue), ["starts with", "contains"], selected: search.match.rawValue),
            "states": choices([""] + states, ["any"] + states, selected: search.state?.rawValue ?? ""),
            "backendChoices": choices([""] + backends, ["any"] + backends, selected: search.backend ?? ""),
            "sorts": choices(ZoneSearch.Sort.allCases.map(\.rawValue), ["name", "state", "backend", "last update"], selected: search.sort.rawValue),
            "rows": page.rows.map { row -> [String: Any] in
                [
                    "zone": row.zone, "backend": row.backend, "state": row.state, "serial": row.serial, "host": row.host,
                    "updated": ConsoleFormat.time(row.updatedAt), "lastError": row.lastError,
                ]
            },
            "scanned": "\(page.rows.count) rows (\(page.scanned) listed)",
        ]
        if let next = page.next { data["next"] = "/ui/zones?" + ConsoleFormat.query(search.parameters(after: next)) }
        return data
    }

    static func zone(_ detail: ZoneDetail) -> [String: Any] {
        let zone = detail.zone
        let probed = Dictionary((detail.probe ?? []).map { ($0.backend, $0) }, uniquingKeysWith: { first, _ in first })
        var data: [String: Any] = [
            "zone": zone.domain, "generation": zone.generation, "serial": zone.serial.map(String.init) ?? "—",
            "records": zone.recordCount, "host": zone.hostname ?? "—", "updated": ConsoleFormat.time(zone.updatedAt),
            "deleted": !zone.present,
            "pairs": detail.pairs.map { pair -> [String: Any] in
                [
                    "backend": pair.backend, "state": pair.state.rawValue, "applied": pair.appliedGeneration, "attempts": pair.attempts,
                    "nextAttempt": ConsoleFormat.time(pair.nextAttemptAt), "lastError": pair.lastError ?? "—",
                    "retryable": pair.state == .failed || pair.state == .retrying,
                    "probe": probed[pair.backend]?.summary ?? "—", "probeState": probed[pair.backend]?.state.rawValue ?? "",
                ]
            },
            "journal": detail.history.reversed().map { entry -> [String: Any] in
                [
                    "at": ConsoleFormat.time(entry.at), "action": entry.action, "generation": entry.generation, "source": entry.source,
                    "host": entry.hostname ?? "", "detail": entry.detail ?? "",
                ]
            },
        ]
        if let text = zone.canonicalText, !text.isEmpty { data["text"] = text }
        return data
    }

    static func failed(_ pairs: [PairState], limit: Int, more: Bool) -> [String: Any] {
        [
            "rows": pairs.map { pair -> [String: Any] in
                [
                    "zone": pair.domain, "backend": pair.backend, "state": pair.state.rawValue, "attempts": pair.attempts,
                    "nextAttempt": ConsoleFormat.time(pair.nextAttemptAt),
                    "nextAttemptEpoch": pair.nextAttemptAt.map { String(Int($0)) } ?? "", "lastError": pair.lastError ?? "—",
                ]
            },
            "hasRows": !pairs.isEmpty, "limit": limit, "more": more,
        ]
    }
}
