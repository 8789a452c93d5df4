import DirectAdmin
import ZoneStore

/// The operator's part: the zones the last pass left undecided, approved (deleted or fetched
/// now) or ignored (on the ignore list, left alone by later passes).
extension Reconciler {
    /// The last pass, its candidates and the ignore list.
    public func candidateList() -> ReconcilerCandidates {
        ReconcilerCandidates(
            lastPass: history.lastReport, orphans: candidates.filter { $0.kind == .orphan }, missing: candidates.filter { $0.kind == .missing },
            ignored: ignoreList.all)
    }

    /// At most this many candidates of each kind are kept (the first in the servers' order):
    /// a first dry run against a large server may list many thousands of missing zones.
    static let candidateLimit = 1000

    /// After a pass: its orphans still present and owned as seen, and the zones servers list
    /// that are still not present here.
    func keepCandidates(_ report: ReconcileReport, listings: [DomainListing?]) async throws {
        var kept: [ReconcileCandidate] = []
        var orphans = 0
        var missing = 0
        for (index, server) in report.servers.enumerated() {
            let orphanReason =
                server.guardReason.map { "bulk-delete guard: \($0)" } ?? (report.dryRun ? "dry run: nothing is deleted" : "not deleted")
            for domain in server.orphans where orphans < Self.candidateLimit {
                guard let zone = try await store.zone(domain), zone.present, zone.hostname == server.hostname else { continue }
                orphans += 1
                kept.append(
                    ReconcileCandidate(
                        domain: domain, kind: .orphan, hostname: server.hostname, reason: orphanReason, generation: zone.generation,
                        username: zone.username))
            }
            let usernames = Dictionary((listings[index]?.domains ?? []).map { ($0.domain, $0.username) }) { first, _ in first }
            for domain in server.missing where missing < Self.candidateLimit {
                if let zone = try await store.zone(domain), zone.present { continue }
                missing += 1
                let failure = (server.fetchFailed + server.rejected).first { $0.hasPrefix(domain + ":") }
                let reason = failure ?? (report.dryRun ? "dry run: nothing is fetched" : "not fetched")
                kept.append(
                    ReconcileCandidate(domain: domain, kind: .missing, hostname: server.hostname, reason: reason, username: usernames[domain] ?? nil))
            }
        }
        candidates = kept
    }

    /// Deletes an orphan candidate now (only if unchanged since the pass saw it), or fetches a
    /// missing one from its server now and stores it like a push.
    public func approve(_ domain: String) async throws -> ReconcileDecision {
        let domain = domain.lowercased()
        guard let candidate = candidates.first(where: { $0.domain == domain }) else { throw ReconcileDecisionError.notACandidate(domain) }
        let decision: ReconcileDecision
        switch candidate.kind {
        case .orphan:
            let outcome = try await store.deleteOrphan(
                domain: domain, generation: candidate.generation ?? -1, owner: candidate.hostname, username: candidate.username, at: clock())
            if case .deleted = outcome {
                logger.info("[reconciler] Queued delete for orphan: \(domain) (master: \(candidate.hostname)), approved by the operator")
                decision = ReconcileDecision(
                    domain: domain, kind: .orphan, action: .approve, done: true, outcome: "deleted: the backends are removing it")
            } else {
                decision = ReconcileDecision(
                    domain: domain, kind: .orphan, action: .approve, done: false,
                    outcome: "not deleted: it changed since the pass saw it (a push or another node)")
            }
        case .missing:
            guard let index = settings.servers.firstIndex(where: { $0.hostname == candidate.hostname }) else {
                throw ReconcileDecisionError.notACandidate(domain)
            }
            var server = ReconcileReport.Server(hostname: candidate.hostname)
            await fetch(ListedDomain(domain: domain, username: candidate.username), from: clients[index], since: clock(), into: &server)
            let problem = (server.fetchFailed + server.rejected).first
            decision = ReconcileDecision(
                domain: domain, kind: .missing, action: .approve, done: problem == nil,
                outcome: problem.map { "not stored: \($0)" }
                    ?? (server.fetched > 0 ? "fetched from \(candidate.hostname) and stored" : "already held as \(candidate.hostname) has it"))
        }
        if decision.done { candidates.removeAll { $0.domain == domain } }
        return decision
    }

    /// Puts a candidate on the ignore list: later passes neither delete nor fetch it, nor list it.
    public func ignore(_ domain: String) async throws -> ReconcileDecision {
        let domain = domain.lowercased()
        guard let candidate = candidates.first(where: { $0.domain == domain }) else { throw ReconcileDecisionError.notACandidate(domain) }
        do {
            try ignoreList.add(.init(domain: domain, kind: candidate.kind, hostname: candidate.hostname, ignoredAt: clock()))
        } catch {
            throw ReconcileDecisionError.ignoreListFailed(error.description)
        }
        logger.info("[reconciler] \(candidate.kind.rawValue) zone \(domain) (\(candidate.hostname)) ignored by the operator")
        candidates.removeAll { $0.domain == domain && $0.kind == candidate.kind }
        return ReconcileDecision(
            domain: domain, kind: candidate.kind, action: .ignore, done: true,
            outcome: "ignored: later passes leave it alone (`dadns reconcile unignore \(domain)` undoes it)")
    }

    /// Takes a zone off the ignore list; the next pass considers it again.
    public func unignore(_ domain: String) throws -> ReconcileDecision {
        let domain = domain.lowercased()
        guard let entry = ignoreList.all.first(where: { $0.domain == domain }) else { throw ReconcileDecisionError.notIgnored(domain) }
        do {
            try ignoreList.remove(domain)
        } catch {
            throw ReconcileDecisionError.ignoreListFailed(error.description)
        }
        logger.info("[reconciler] \(domain) taken off the ignore list by the operator")
        return ReconcileDecision(
            domain: domain, kind: entry.kind, action: .unignore, done: true, outcome: "no longer ignored: the next pass considers it again")
    }
}
