import ArgumentParser
import Engine
import ZoneStore
import Foundation

/// `dadns status`: the daemon's state at a glance (exit 0 ok, 1 degraded, 2 error).
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether every backend has every zone (exit 0 ok, 1 degraded, 2 error, 77 login refused).")

    @OptionGroup var options: OperatorOptions

    func run() async throws {
        let session = try OperatorSession(options: options)
        let document = try await session.answer({ try await $0.status() }) { print(Self.render($0), terminator: "") }
        switch document.status {
        case .ok: return
        case .degraded: throw ExitCode(1)
        case .error: throw ExitCode(2)
        }
    }

    static func render(_ document: StatusDocument) -> String {
        var text = "dadns \(document.version): \(document.status.rawValue.uppercased()), \(document.zones) zone(s), up \(HumanFormat.duration(document.uptimeSeconds))\n"
        for reason in document.reasons { text += "  - \(reason)\n" }
        text += "\n"
        var rows = [["BACKEND", "TYPE", "STATE", "PENDING", "RETRYING", "FAILED", "OLDEST", "LAST BATCH", "LAST ERROR"]]
        for backend in document.backends {
            let batch = backend.lastBatch.map {
                "\($0.succeeded)/\($0.size) in \(String(format: "%.2f", $0.seconds)) s (\(Int($0.zonesPerSecond))/s), \(HumanFormat.ago($0.finishedAt))"
            } ?? "-"
            let error = backend.lastError.map { "\($0.domain): \($0.error.prefix(80)) (\(HumanFormat.ago($0.at)))" } ?? "-"
            rows.append([
                backend.name, backend.type, backend.status.rawValue, String(backend.pending), String(backend.retrying),
                String(backend.failed), backend.oldestPendingSeconds.map(HumanFormat.duration) ?? "-", batch, error,
            ])
        }
        text += HumanFormat.table(rows)
        text += "\nhealing: \(document.healing.status)"
        if let lastRun = document.healing.lastRun {
            text += ", last pass \(HumanFormat.ago(lastRun))"
            for report in document.healing.lastResults ?? [] {
                text += "\n  \(report.backend): \(report.checked) checked, \(report.drifted.count) repaired, \(report.stale.count) removed, \(report.unknown.count) unknown left alone"
                if let error = report.error { text += " — error: \(error)" }
            }
        }
        text += "\nreconciler: \(document.reconciler.status)"
        if let report = document.reconciler.lastResult {
            text += document.reconciler.dryRun == true ? " (dry-run)" : ""
            text += ", last pass \(HumanFormat.ago(report.finishedAt)): \(report.serversPolled) server(s), \(report.zonesSeen) zone(s) seen, "
                + "\(report.orphans) orphan(s), \(report.deleted) deleted, \(report.fetched) fetched, \(report.migrated.count) migrated"
            for server in report.servers where !server.reachable || server.guardReason != nil {
                text += "\n  \(server.hostname): \(server.error ?? server.guardReason ?? "")"
            }
        }
        if let spool = document.spool {
            text += "\nspool: \(spool.depth) change(s) waiting"
            if let age = spool.oldestAgeSeconds { text += ", the oldest for \(HumanFormat.duration(age))" }
            if let since = spool.unreachableSince {
                text += "; shared database unreachable since \(HumanFormat.ago(since)) (\(spool.lastError ?? "no detail"))"
            }
        }
        text += "\npeer sync: \(document.peerSync.status)"
        if let lastRun = document.peerSync.lastRun {
            let report = document.peerSync.lastResult
            text += ", last pass \(HumanFormat.ago(lastRun)): \(report?.pulled ?? 0) pulled, \(report?.deleted ?? 0) deleted, \(report?.rejected ?? 0) rejected"
        }
        for peer in document.peerSync.peers ?? [] {
            let seen = peer.lastSeen.map { "last seen \(HumanFormat.ago($0))" } ?? "never seen"
            text += "\n  \(peer.url) (\(peer.origin.rawValue)): \(peer.healthy ? "healthy" : "degraded"), \(seen), \(peer.zonesPulled) pulled"
            if let error = peer.lastError { text += " — \(peer.consecutiveFailures) failure(s): \(error.prefix(120))" }
        }
        if let probe = document.probe {
            text += "\nprobe: \(probe.status)" + (probe.lastRun.map { ", last pass \(HumanFormat.ago($0))" } ?? "")
            for backend in probe.backends ?? [] {
                text += "\n  \(backend.name) (\(backend.address)): \(backend.served) served, \(backend.stale) stale, \(backend.missing) missing, "
                    + "\(backend.unanswered) unanswered"
            }
        }
        text += "\n"
        if let store = document.store { text += renderNodes(store) }
        return text
    }

    /// The "nodes" section of a store several nodes share: each node's heartbeat and backends,
    /// then who holds each cluster lease. Nothing for a store of one node.
    static func renderNodes(_ store: StoreStatus, now: Double = Date().timeIntervalSince1970) -> String {
        guard let nodes = store.nodes else { return store.error.map { "\nnodes: could not be read: \($0)\n" } ?? "" }
        var text = "\nnodes (store \(store.kind), this node \(store.node), heartbeat every \(store.heartbeatSeconds.map(HumanFormat.duration) ?? "-")):\n"
        var rows = [["NODE", "STATE", "LAST HEARTBEAT", "VERSION", "BACKENDS (applied/pending/retrying/failed)"]]
        for node in nodes {
            let backends = node.backends.map { "\($0.name) \($0.applied)/\($0.pending)/\($0.retrying)/\($0.failed)" }
            rows.append([
                node.name + (node.name == store.node ? " (this)" : ""), node.silent ? "SILENT" : "ok",
                HumanFormat.ago(node.lastHeartbeat, now: now), node.version ?? "-", backends.isEmpty ? "-" : backends.joined(separator: ", "),
            ])
        }
        text += HumanFormat.table(rows)
        for lease in store.leases ?? [] {
            let until = lease.expired ? "expired \(HumanFormat.ago(lease.until, now: now))" : "until \(HumanFormat.time(lease.until))"
            text += "lease \(lease.name): \(lease.holder), \(until)\n"
        }
        return text
    }
}
