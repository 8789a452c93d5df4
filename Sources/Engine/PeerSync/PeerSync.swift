import AsyncHTTPClient
import DirectAdmin
import HTTPClientKit
import Logging
import ZoneStore

/// Pulls zones from peer `dadns` instances (Topology C: every node registered in DirectAdmin,
/// each with its own DNS server), so a node that missed pushes while it was down catches up.
///
/// A pass asks every peer what changed since the journal cursor the last pass ended at
/// (`GET /internal/changes?since=N`), or for its full listing (`GET /internal/zones`: each zone
/// and tombstone with its change time and content hash) the first time, when the cursor is
/// lost, or when the peer has no delta route (`PeerListing`), and compares that with the store. A version is newer when
/// its change time is later, the larger hash breaking ties (`ZoneVersion`) — never when a node
/// happened to look. Newer zones are fetched (a bounded number at once), validated through
/// `ZoneIntake` and stored with source `peer`, keeping the peer's change time and owner; newer
/// tombstones delete the zone here. Each store is conditional: a push that arrived meanwhile
/// stands. Backends follow through the dispatcher like for any change.
///
/// A peer that cannot be asked, or whose listing is garbage, changes nothing; after three
/// consecutive failed passes it is degraded until it answers again. Peers listed by peers
/// (`/internal/peers`) are added with the credentials of the peer that named them.
public actor PeerSync {
    public nonisolated let settings: PeerSyncSettings
    let store: ZoneStore
    let clock: @Sendable () -> Double
    let logger: Logger
    /// Known peers in the order they are pulled: configured ones first, then gossiped ones.
    private(set) var peers: [PeerEndpoint]
    var health: [String: PeerHealth] = [:]
    public private(set) var history = PassHistory<PeerSyncReport>()
    var warnedAboutPeerLimit = false
    /// Per peer URL, the journal cursor its next delta starts from. In memory: after a restart
    /// the first pass reads every peer's full listing once.
    var cursors: [String: Int64] = [:]

    /// Zones stored per transaction.
    static let applyChunk = 200

    public init(
        settings: PeerSyncSettings, store: ZoneStore, clock: @escaping @Sendable () -> Double, logger: Logger
    ) {
        self.settings = settings
        self.store = store
        self.clock = clock
        self.logger = logger.with("component", "peer_sync")
        peers = settings.peers
        for peer in settings.peers {
            health[peer.url] = PeerHealth(url: peer.url, origin: peer.origin, discoveredVia: nil)
        }
    }

    /// The URLs of every known peer (what `/internal/peers` answers).
    public func peerURLs() -> [String] { peers.map(\.url) }

    /// Every known peer's health, in pull order.
    public func peerHealth() -> [PeerHealth] { peers.compactMap { health[$0.url] } }

    /// One pass over every peer (peers discovered during the pass included). A pass asked for
    /// while one runs returns the last report.
    @discardableResult
    public func sync() async -> PeerSyncReport {
        if history.running { return history.lastReport ?? PeerSyncReport(startedAt: clock(), finishedAt: clock(), peers: []) }
        history.running = true
        defer { history.running = false }
        var report = PeerSyncReport(startedAt: clock(), finishedAt: clock(), peers: [])
        await HTTPClient.withoutRedirects(timeout: settings.timeout, verifyCertificates: settings.verifyCertificates).shutDownAfter { http in
            var index = 0
            while index < peers.count, !Task.isCancelled {
                let peer = peers[index]
                index += 1
                let result = await pull(from: PeerClient(http: http, peer: peer, timeout: settings.timeout))
                record(result, for: peer)
                report.peers.append(result)
            }
        }
        do {
            report.tombstonesPruned = try await store.pruneTombstones(olderThan: clock() - settings.tombstoneDays * 86400)
            if report.tombstonesPruned > 0 {
                logger.info("[peer_sync] removed \(report.tombstonesPruned) tombstone(s) older than \(settings.tombstoneDays) day(s)")
            }
        } catch {
            logger.error("[peer_sync] tombstones could not be pruned: \(error)")
        }
        report.finishedAt = clock()
        history.record(report, at: report.finishedAt)
        PeerSyncMetrics.record(report, health: peerHealth())
        return report
    }

    /// Updates a peer's health after its part of a pass; logs degradation and recovery.
    private func record(_ result: PeerSyncReport.Peer, for peer: PeerEndpoint) {
        var state = health[peer.url] ?? PeerHealth(url: peer.url, origin: peer.origin, discoveredVia: peer.discoveredVia)
        let now = clock()
        state.lastAttempt = now
        state.zonesPulled += result.pulled
        state.zonesDeleted += result.deleted
        state.zonesRejected += result.rejectedCount
        if let last = result.rejected.last { state.lastRejection = last }
        if result.ok {
            if !state.healthy { logger.info("[peer_sync] \(peer.url): peer recovered") }
            state.healthy = true
            state.consecutiveFailures = 0
            state.lastSeen = now
            state.lastError = nil
        } else {
            let error = result.error ?? "unknown error"
            state.consecutiveFailures += 1
            state.lastError = error
            if state.consecutiveFailures == PeerHealth.failureThreshold {
                logger.error("[peer_sync] \(peer.url): marked degraded after \(PeerHealth.failureThreshold) consecutive failures — \(error)")
            } else {
                logger.warning("[peer_sync] \(peer.url): sync failed (\(state.consecutiveFailures) in a row) — \(error)")
            }
            state.healthy = state.consecutiveFailures < PeerHealth.failureThreshold
        }
        health[peer.url] = state
    }

    /// One peer's part of a pass.
    func pull(from client: PeerClient) async -> PeerSyncReport.Peer {
        let url = client.peer.url
        var result = PeerSyncReport.Peer(url: url)
        let listing: PeerListing
        do {
            listing = try await PeerListing.read(from: client, cursor: cursors[url])
        } catch {
            result.error = error.description
            return result
        }
        result.listed = listing.entries.count
        result.listing = listing.isDelta ? "delta" : "full"
        result.listingBytes = listing.bytes
        let now = clock()
        let locals: [String: PeerZoneState]
        do {
            locals = try await localStates(for: listing)
        } catch {
            result.error = "store error: \(error)"
            logger.error("[peer_sync] the store cannot be read: \(error)")
            return result
        }
        let plan = PeerPlan.make(
            listing: listing.entries, locals: locals, now: now, tombstoneCutoff: now - settings.tombstoneDays * 86400, peer: url)
        result.newer = plan.direct.count + plan.fetch.count
        for reason in plan.rejected { reject(reason, kind: "listing entry", into: &result) }
        var changes = plan.direct
        if !plan.fetch.isEmpty {
            let fetched = await PeerFetcher.fetch(plan.fetch, from: client, concurrency: settings.fetchConcurrency, now: now)
            for outcome in fetched {
                switch outcome {
                case .change(let change): changes.append(change)
                case .rejected(let reason): reject(reason, kind: "zone", into: &result)
                case .failed(let reason):
                    logger.warning("[peer_sync] \(url): zone not fetched — \(reason)")
                    if result.fetchFailed.count < PeerSyncReport.Peer.maxListed { result.fetchFailed.append(reason) }
                }
            }
        }
        do {
            try await apply(changes, into: &result)
        } catch {
            result.error = "store error: \(error)"
            logger.error("[peer_sync] the store refused zones from \(url): \(error)")
            return result
        }
        result.ok = true
        // A zone whose text could not be fetched is asked for again: the delta is read again
        // from the same cursor (what was stored meanwhile is not newer then).
        if result.fetchFailed.isEmpty || listing.nextCursor == nil { cursors[url] = listing.nextCursor }
        if result.pulled + result.deleted > 0 {
            logger.info("[peer_sync] Synced \(result.pulled) zone(s) from \(url)\(result.deleted > 0 ? ", \(result.deleted) deletion(s)" : "")")
        }
        if settings.gossip { await discover(via: client, into: &result) }
        return result
    }

    /// Counts and logs a refused entry or zone (the first few of a pass in full, then a summary).
    private func reject(_ reason: String, kind: String, into result: inout PeerSyncReport.Peer) {
        result.rejectedCount += 1
        if result.rejected.count < PeerSyncReport.Peer.maxListed {
            result.rejected.append(reason)
            logger.warning("[peer_sync] \(result.url): \(kind) rejected — \(reason)")
        } else if result.rejectedCount == PeerSyncReport.Peer.maxListed + 1 {
            logger.warning("[peer_sync] \(result.url): more entries rejected; only the first \(PeerSyncReport.Peer.maxListed) are logged")
        }
    }

    /// Stores the changes in chunks, each conditional on the local version still being older.
    private func apply(_ changes: [PeerChange], into result: inout PeerSyncReport.Peer) async throws {
        for start in stride(from: 0, to: changes.count, by: Self.applyChunk) {
            let chunk = Array(changes[start..<min(start + Self.applyChunk, changes.count)])
            let outcomes = try await store.applyFromPeer(chunk, at: clock())
            for (change, outcome) in zip(chunk, outcomes) {
                switch outcome {
                case .stored(let generation):
                    result.pulled += 1
                    logger.debug("[peer_sync] \(change.domain) taken from \(result.url): generation \(generation)")
                case .deleted(let generation):
                    result.deleted += 1
                    logger.info("[peer_sync] \(change.domain) deleted: \(result.url) holds a newer delete (generation \(generation))")
                case .metadata: result.metadataOnly += 1
                case .notNewer: result.superseded += 1
                }
            }
        }
    }

    /// Adds the peers this peer knows (gossip), with its credentials; never this node itself.
    private func discover(via client: PeerClient, into result: inout PeerSyncReport.Peer) async {
        let listed: [String]
        do {
            listed = try await client.peers()
        } catch {
            logger.debug("[peer_sync] \(client.peer.url): no peer list (\(error))")
            return
        }
        for raw in listed.prefix(1000) {
            guard let url = PeerEndpoint.normalize(raw) else {
                logger.debug("[peer_sync] \(client.peer.url) lists an unusable peer URL \(PeerInput.printable(raw))")
                continue
            }
            if PeerEndpoint.isSelf(url, selfURLs: settings.selfURLs, listenPort: settings.listenPort) { continue }
            if peers.contains(where: { $0.url == url }) { continue }
            guard peers.count < settings.maxPeers else {
                if !warnedAboutPeerLimit {
                    logger.warning("[peer_sync] \(settings.maxPeers) peers known: more discovered peers are ignored")
                    warnedAboutPeerLimit = true
                }
                return
            }
            let peer = PeerEndpoint(
                url: url, username: client.peer.username, password: client.peer.password, origin: .gossip,
                discoveredVia: client.peer.url)
            peers.append(peer)
            health[url] = PeerHealth(url: url, origin: .gossip, discoveredVia: client.peer.url)
            result.discovered.append(url)
            logger.info("[peer_sync] Discovered new peer \(url) via \(client.peer.url)")
        }
    }
}
