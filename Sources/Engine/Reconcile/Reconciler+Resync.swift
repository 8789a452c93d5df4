import DirectAdmin
import ZoneStore

extension Reconciler {
    /// Why a resync could not start.
    public struct ResyncError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The full resync of one server (`dadns resync --da HOST`): lists its domains and fetches
    /// every zone it has — or, with `onlyMissing`, only those the store lacks — storing each
    /// through the normal push path (unchanged zones stay as they are). Zones owned here by
    /// another server are left to it. Rate-limited; `progress(done, total)` after each zone.
    /// Deletes nothing. In dry-run it only reports what it would fetch.
    public func resync(
        hostname: String, onlyMissing: Bool, progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> ReconcileReport.Server {
        guard let index = settings.servers.firstIndex(where: { $0.hostname == hostname.lowercased() }) else {
            let known = settings.servers.map(\.hostname).joined(separator: ", ")
            throw ResyncError(description: "'\(hostname)' is not under reconciliation.directadmin_servers (configured: \(known.isEmpty ? "none" : known))")
        }
        let started = clock()
        var server = ReconcileReport.Server(hostname: settings.servers[index].hostname)
        guard let listing = await list(clients[index], into: &server) else {
            throw ResyncError(description: "\(server.hostname): \(server.error ?? "no answer")")
        }
        var owners: [String: String?] = [:]
        var after = ""
        while true {
            let page = try await store.zones(present: true, afterDomain: after, limit: 1000)
            guard let last = page.last else { break }
            after = last.domain
            for zone in page { owners[zone.domain] = .some(zone.hostname) }
        }
        server.owned = owners.values.filter { $0 == server.hostname }.count
        var targets: [ListedDomain] = []
        for entry in listing.domains {
            switch owners[entry.domain] {
            case .none:
                server.missing.append(entry.domain)
                targets.append(entry)
            case .some(let owner):
                if let owner, !owner.isEmpty, owner != server.hostname {
                    server.skipped.append(entry.domain)
                } else if !onlyMissing {
                    targets.append(entry)
                }
            }
        }
        logger.info(
            "[reconciler] resync \(server.hostname): \(listing.domains.count) listed, \(server.missing.count) missing here, \(targets.count) to fetch\(settings.dryRun ? " [DRY-RUN]" : "")")
        if settings.dryRun {
            progress(targets.count, targets.count)
            return server
        }
        var limiter = RateLimiter(perSecond: settings.fetchesPerSecond)
        progress(0, targets.count)
        for (done, entry) in targets.enumerated() {
            if Task.isCancelled { break }
            await limiter.wait()
            await fetch(entry, from: clients[index], since: started, into: &server)
            progress(done + 1, targets.count)
        }
        return server
    }
}
