/// The durable store as the engine, the server and the CLI see it: desired state per zone,
/// applied state per (backend, zone), the change journal and peer tombstones. Every change is
/// one transaction; a caller that got a result back can acknowledge it, because it is on disk.
///
/// `SQLiteZoneStore` is the implementation (one SQLite file, or an in-memory database in tests).
/// Nothing here names a database type, so another implementation (a shared MariaDB/Galera
/// store: desired state and journal shared, applied state per node) plugs in without a change
/// above this protocol.
public protocol ZoneStore: Sendable {
    // MARK: Change announcements

    /// Announces "desired state changed" (a zone stored or deleted, pairs queued again) after
    /// the transaction that changed it committed. Bursts are coalesced: a subscriber that is
    /// busy sees one announcement for all that happened meanwhile. Ends when the task iterating
    /// it is cancelled.
    func desiredStateChanges() -> AsyncStream<Void>

    // MARK: Write health

    /// Whether writes work, as the latest ones showed (see `checkWritable`).
    var writeHealth: StoreWriteHealth { get async }
    /// Writes a probe to find out whether the store can write again, after writes failed and
    /// while no change came to try; returns the resulting health.
    @discardableResult
    func checkWritable(at now: Double) async -> StoreWriteHealth

    // MARK: Zones (desired state)

    /// Records a push: a new generation unless the zone already has this content and owner.
    func push(_ push: ZonePush, at now: Double) async throws -> PushOutcome
    /// Records a delete; a DirectAdmin delete from a host that does not own the zone is refused.
    func delete(
        domain: String, hostname: String?, username: String?, clientAddress: String?, source: ChangeSource, at now: Double
    ) async throws -> DeleteOutcome
    /// Deletes an orphan for the reconciler, only if the zone is still present at `generation`
    /// and owned by `owner`; nil when it changed meanwhile.
    func deleteOrphan(domain: String, generation: Int64, owner: String, username: String?, at now: Double) async throws -> DeleteOutcome?
    /// Stores a zone fetched from DirectAdmin, only if the zone has not changed since `since`.
    func pushFetched(_ push: ZonePush, unchangedSince since: Double, at now: Double) async throws -> PushOutcome?
    /// Records a delete by the rules of `delete`, only if the zone has not changed since `since`
    /// (a delete accepted earlier and forwarded late never undoes a newer change); nil when it has.
    func delete(
        domain: String, hostname: String?, username: String?, clientAddress: String?, source: ChangeSource,
        unchangedSince since: Double, at now: Double
    ) async throws -> DeleteOutcome?
    /// Records a new owner of a present zone without a new generation, only if the owner is
    /// still `expected`. Returns whether it changed.
    func changeOwner(domain: String, from expected: String?, to hostname: String, source: ChangeSource, at now: Double) async throws -> Bool
    /// The desired state of a zone, if it was ever seen.
    func zone(_ domain: String) async throws -> DesiredZone?
    /// The first of `candidates` (a domain and its ancestors, nearest first) that is present.
    func firstPresent(of candidates: [String]) async throws -> DesiredZone?
    /// Zones in domain order, one page after `afterDomain`; `present` nil lists tombstones too.
    func zonePage(present: Bool?, after afterDomain: String, limit: Int) async throws -> [ZoneSummary]
    /// How many zones are present.
    func presentZoneCount() async throws -> Int
    /// How many present zones each DirectAdmin host owns.
    func ownedZoneCounts() async throws -> [String: Int]
    /// Present zones with their text, one page in domain order after `afterDomain`.
    func presentZoneTexts(afterDomain: String, limit: Int) async throws -> [(domain: String, text: String, hash: String)]
    /// Of `domains`, those the store knows as deleted (absent, with a tombstone).
    func deleted(among domains: [String]) async throws -> Set<String>

    // MARK: Applied state per (backend, zone)

    /// Zones `backend` has not applied at their desired generation and whose attempt is due,
    /// oldest change first.
    func pending(backend: String, now: Double, limit: Int) async throws -> [PendingChange]
    /// Records, before `backend` is sent zones it has never been sent, that it may hold them.
    func markSent(backend: String, domains: [String]) async throws
    /// Records the outcomes of one batch for `backend` in one transaction.
    func record(backend: String, outcomes: [(change: PendingChange, result: ApplyResult)], at now: Double) async throws
    /// Makes failed and retrying pairs due now; nil arguments match everything. Returns how many.
    @discardableResult
    func retryNow(backend: String?, domain: String?, at now: Double, attemptedBefore: Double?) async throws -> Int
    /// Makes `backend` apply `domains` again at their current generation. Returns how many.
    @discardableResult
    func requeue(backend: String, domains: [String], reason: String, at now: Double) async throws -> Int
    /// How far `backend` is behind the desired state, by state.
    func backlog(backend: String) async throws -> BackendBacklog
    /// Pairs of `backends` (in `state` and for `domain` if given), by domain then backend.
    func pairPage(backends: [String], state: PairState.State?, domain: String?, after afterDomain: String, limit: Int) async throws -> [PairState]
    /// Of `domains`, those `backend` holds at their current generation.
    func upToDate(backend: String, among domains: [String]) async throws -> Set<String>

    // MARK: Journal

    /// The journal of one zone, oldest first.
    func history(of domain: String) async throws -> [JournalEntry]
    /// Deletes journal entries older than `cutoff`, keeping the latest of every zone.
    @discardableResult
    func pruneJournal(olderThan cutoff: Double) async throws -> Int

    // MARK: Zone history

    /// The kept versions of a zone's text, newest first (`datastore.history_versions` of them
    /// after pruning).
    func historyVersions(of domain: String) async throws -> [ZoneHistoryEntry]
    /// One kept version with its text; nil when it is not kept.
    func historyVersion(of domain: String, generation: Int64) async throws -> ZoneHistoryVersion?
    /// Keeps the newest `versions` versions of every zone and none of a zone no longer stored.
    /// Returns how many were removed.
    @discardableResult
    func pruneZoneHistory(keeping versions: Int) async throws -> Int
    /// Stores the kept version `generation` again as a new generation from the operator,
    /// journaled "rollback to generation N", and announces it like a push.
    func rollback(domain: String, to generation: Int64, at now: Double) async throws -> RollbackOutcome

    // MARK: Peer sync

    /// Every zone this node knows, present or tombstone, with its version, in domain order.
    func peerStates() async throws -> [PeerZoneState]
    /// At most `limit` of `peerStates` after `afterDomain`: the full listing served page by page.
    func peerStatePage(after afterDomain: String, limit: Int) async throws -> [PeerZoneState]
    /// Stores peers' versions, each only if still newer than the local one. One transaction.
    func applyFromPeer(_ changes: [PeerChange], at now: Double) async throws -> [PeerApplyOutcome]
    /// Removes tombstones older than `cutoff` that every backend has applied. Returns how many.
    @discardableResult
    func pruneTombstones(olderThan cutoff: Double) async throws -> Int
    /// The zones changed after journal `cursor` (at most `limit` journal entries read), for a
    /// peer's delta pass; with `cursor` nil, no zones and the current cursor (where a full
    /// listing read now starts). Nil when the cursor cannot be continued — it was never handed
    /// out by this journal, or entries after it were pruned — or the store keeps no cursor:
    /// the peer then needs the full listing.
    func peerChanges(after cursor: Int64?, limit: Int) async throws -> PeerChangeBatch?
}

extension ZoneStore {
    /// No journal cursor (a store whose journal ids do not follow commit order): peers always
    /// get the full listing.
    public func peerChanges(after cursor: Int64?, limit: Int) async throws -> PeerChangeBatch? { nil }

    /// Zones in domain order (present ones unless `present` says otherwise).
    public func zones(present: Bool? = true, afterDomain: String = "", limit: Int = 1000) async throws -> [ZoneSummary] {
        try await zonePage(present: present, after: afterDomain, limit: limit)
    }

    /// Pairs of `backends`, every state and zone unless given.
    public func pairs(
        backends: [String], state: PairState.State? = nil, domain: String? = nil, afterDomain: String = "", limit: Int = 1000
    ) async throws -> [PairState] {
        try await pairPage(backends: backends, state: state, domain: domain, after: afterDomain, limit: limit)
    }

    /// Makes failed and retrying pairs due now, however recently they were tried.
    @discardableResult
    public func retryNow(backend: String?, domain: String?, at now: Double) async throws -> Int {
        try await retryNow(backend: backend, domain: domain, at: now, attemptedBefore: nil)
    }
}
