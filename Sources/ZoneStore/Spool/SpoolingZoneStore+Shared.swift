/// The operations that are the shared store's alone, each noting whether the database answered.
/// Only DirectAdmin's pushes and deletes are spooled: the reconciler's, peer sync's and the
/// dispatcher's work waits for the database instead (it is repeated by its own schedule).
extension SpoolingZoneStore {
    /// The shared store's announcements, relayed (it may open later than this is called).
    public func desiredStateChanges() -> AsyncStream<Void> { changes.subscribe() }

    /// While the database cannot be reached, changes go to the spool: the spool file's health
    /// is then the health of writes.
    public var writeHealth: StoreWriteHealth {
        get async {
            guard reach.unreachable == nil, let shared = await opener.current else { return spool.writeHealth }
            return await shared.writeHealth
        }
    }

    @discardableResult
    public func checkWritable(at now: Double) async -> StoreWriteHealth {
        guard reach.unreachable == nil, let shared = await opener.current else { return spool.writeHealth }
        return await shared.checkWritable(at: now)
    }

    public func deleteOrphan(domain: String, generation: Int64, owner: String, username: String?, at now: Double) async throws -> DeleteOutcome? {
        try await answered { try await $0.deleteOrphan(domain: domain, generation: generation, owner: owner, username: username, at: now) }
    }

    public func pushFetched(_ push: ZonePush, unchangedSince since: Double, at now: Double) async throws -> PushOutcome? {
        try await answered { try await $0.pushFetched(push, unchangedSince: since, at: now) }
    }

    public func delete(
        domain: String, hostname: String?, username: String?, clientAddress: String?, source: ChangeSource,
        unchangedSince since: Double, at now: Double
    ) async throws -> DeleteOutcome? {
        try await answered {
            try await $0.delete(
                domain: domain, hostname: hostname, username: username, clientAddress: clientAddress, source: source,
                unchangedSince: since, at: now)
        }
    }

    public func changeOwner(domain: String, from expected: String?, to hostname: String, source: ChangeSource, at now: Double) async throws -> Bool {
        try await answered { try await $0.changeOwner(domain: domain, from: expected, to: hostname, source: source, at: now) }
    }

    public func zone(_ domain: String) async throws -> DesiredZone? {
        try await answered { try await $0.zone(domain) }
    }

    public func firstPresent(of candidates: [String]) async throws -> DesiredZone? {
        try await answered { try await $0.firstPresent(of: candidates) }
    }

    public func zonePage(present: Bool?, after afterDomain: String, limit: Int) async throws -> [ZoneSummary] {
        try await answered { try await $0.zonePage(present: present, after: afterDomain, limit: limit) }
    }

    public func presentZoneCount() async throws -> Int {
        try await answered { try await $0.presentZoneCount() }
    }

    public func ownedZoneCounts() async throws -> [String: Int] {
        try await answered { try await $0.ownedZoneCounts() }
    }

    public func presentZoneTexts(afterDomain: String, limit: Int) async throws -> [(domain: String, text: String, hash: String)] {
        let page = try await answered { try await $0.presentZoneTexts(afterDomain: afterDomain, limit: limit).map(ZoneText.init) }
        return page.map { ($0.domain, $0.text, $0.hash) }
    }

    public func deleted(among domains: [String]) async throws -> Set<String> {
        try await answered { try await $0.deleted(among: domains) }
    }

    public func pending(backend: String, now: Double, limit: Int) async throws -> [PendingChange] {
        try await answered { try await $0.pending(backend: backend, now: now, limit: limit) }
    }

    public func markSent(backend: String, domains: [String]) async throws {
        try await answered { try await $0.markSent(backend: backend, domains: domains) }
    }

    public func record(backend: String, outcomes: [(change: PendingChange, result: ApplyResult)], at now: Double) async throws {
        let sendable = outcomes.map(Outcome.init)
        try await answered { try await $0.record(backend: backend, outcomes: sendable.map { ($0.change, $0.result) }, at: now) }
    }

    @discardableResult
    public func retryNow(backend: String?, domain: String?, at now: Double, attemptedBefore: Double?) async throws -> Int {
        try await answered { try await $0.retryNow(backend: backend, domain: domain, at: now, attemptedBefore: attemptedBefore) }
    }

    @discardableResult
    public func requeue(backend: String, domains: [String], reason: String, at now: Double) async throws -> Int {
        try await answered { try await $0.requeue(backend: backend, domains: domains, reason: reason, at: now) }
    }

    public func backlog(backend: String) async throws -> BackendBacklog {
        try await answered { try await $0.backlog(backend: backend) }
    }

    public func pairPage(
        backends: [String], state: PairState.State?, domain: String?, after afterDomain: String, limit: Int
    ) async throws -> [PairState] {
        try await answered {
            try await $0.pairPage(backends: backends, state: state, domain: domain, after: afterDomain, limit: limit)
        }
    }

    public func upToDate(backend: String, among domains: [String]) async throws -> Set<String> {
        try await answered { try await $0.upToDate(backend: backend, among: domains) }
    }

    public func history(of domain: String) async throws -> [JournalEntry] {
        try await answered { try await $0.history(of: domain) }
    }

    @discardableResult
    public func pruneJournal(olderThan cutoff: Double) async throws -> Int {
        try await answered { try await $0.pruneJournal(olderThan: cutoff) }
    }

    public func historyVersions(of domain: String) async throws -> [ZoneHistoryEntry] {
        try await answered { try await $0.historyVersions(of: domain) }
    }

    public func historyVersion(of domain: String, generation: Int64) async throws -> ZoneHistoryVersion? {
        try await answered { try await $0.historyVersion(of: domain, generation: generation) }
    }

    @discardableResult
    public func pruneZoneHistory(keeping versions: Int) async throws -> Int {
        try await answered { try await $0.pruneZoneHistory(keeping: versions) }
    }

    public func rollback(domain: String, to generation: Int64, at now: Double) async throws -> RollbackOutcome {
        try await answered { try await $0.rollback(domain: domain, to: generation, at: now) }
    }

    public func peerStates() async throws -> [PeerZoneState] {
        try await answered { try await $0.peerStates() }
    }

    public func peerStatePage(after afterDomain: String, limit: Int) async throws -> [PeerZoneState] {
        try await answered { try await $0.peerStatePage(after: afterDomain, limit: limit) }
    }

    public func applyFromPeer(_ changes: [PeerChange], at now: Double) async throws -> [PeerApplyOutcome] {
        try await answered { try await $0.applyFromPeer(changes, at: now) }
    }

    @discardableResult
    public func pruneTombstones(olderThan cutoff: Double) async throws -> Int {
        try await answered { try await $0.pruneTombstones(olderThan: cutoff) }
    }
}

/// Tuples are not `Sendable`; these carry them across the call.
private struct ZoneText: Sendable {
    var domain: String, text: String, hash: String
    init(_ tuple: (domain: String, text: String, hash: String)) { (domain, text, hash) = tuple }
}

private struct Outcome: Sendable {
    var change: PendingChange, result: ApplyResult
    init(_ tuple: (change: PendingChange, result: ApplyResult)) { (change, result) = tuple }
}
