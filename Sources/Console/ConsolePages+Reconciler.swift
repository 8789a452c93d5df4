import Engine

/// The reconciler page's data.
extension ConsolePages {
    /// `list` nil: no reconciler runs. `present`: the candidates that are zones here (linked).
    static func reconciler(_ list: ReconcilerCandidates?) -> [String: Any] {
        guard let list else { return ["running": false] }
        var data: [String: Any] = ["running": true]
        if let pass = list.lastPass {
            data["pass"] = [
                "finished": ConsoleFormat.time(pass.finishedAt), "dryRun": pass.dryRun,
                "servers": pass.servers.map { server -> [String: Any] in
                    [
                        "hostname": server.hostname, "reachable": server.reachable ? "yes" : "no", "listed": server.zonesSeen,
                        "owned": server.owned, "orphans": server.orphans.count, "deleted": server.deleted, "missing": server.missing.count,
                        "fetched": server.fetched, "problem": server.error ?? server.guardReason ?? "—",
                    ]
                },
            ] as [String: Any]
        }
        func rows(_ candidates: [ReconcileCandidate]) -> [[String: Any]] {
            candidates.map { candidate in
                let orphan = candidate.kind == .orphan
                return [
                    "domain": candidate.domain, "kind": candidate.kind.rawValue, "hostname": candidate.hostname, "reason": candidate.reason,
                    "present": orphan, "approveLabel": orphan ? "Delete" : "Fetch",
                    "approveQuestion": orphan
                        ? "Delete \(candidate.domain) from every backend? \(candidate.hostname) no longer lists it."
                        : "Fetch \(candidate.domain) from \(candidate.hostname) now and store it?",
                ]
            }
        }
        data["sections"] = [
            [
                "title": "Orphans", "kind": "orphan", "rows": rows(list.orphans),
                "explanation": "Zones owned here by a DirectAdmin server that no longer lists them, not deleted by the pass (dry run, or the bulk-delete guard tripped).",
            ],
            [
                "title": "Missing here", "kind": "missing", "rows": rows(list.missing),
                "explanation": "Zones a DirectAdmin server lists that this node does not hold (dry run, or their fetch failed).",
            ],
        ] as [[String: Any]]
        data["ignored"] = list.ignored.map { entry -> [String: Any] in
            ["domain": entry.domain, "kind": entry.kind.rawValue, "hostname": entry.hostname, "since": ConsoleFormat.time(entry.ignoredAt)]
        }
        return data
    }
}
