import Engine
import ZoneStore

/// The operator's queries, once: the daemon's routes and the offline CLI answer them from the
/// store (`StoreOperatorAPI`), the online CLI asks the running daemon (`DaemonClient`).
public protocol OperatorAPI: Sendable {
    /// Whether every backend has every zone, with the reasons when not.
    func status() async throws -> StatusDocument
    /// The zones, or with a backend or state the (backend, zone) pairs.
    func zones(_ query: ZoneQuery) async throws -> ZoneListing
    /// One zone (a lower-cased name), its pairs and its journal; nil when it is not known here.
    func zone(_ domain: String) async throws -> ZoneDetail?
    /// Failed and retrying pairs (all, of one backend, of one zone) become due now.
    func retry(backend: String?, zone: String?) async throws -> RetryResult
    /// One healing pass over every backend, now.
    func heal() async throws -> [HealReport]
    /// One zone compared with every backend now, and sent again where it is missing or differs
    /// (one report per backend); needs the running daemon, not `healing.enabled`.
    func healZone(_ domain: String) async throws -> [HealReport]
    /// The reconciler's last pass, the orphans and missing zones it left, and its ignore list
    /// (`ReconcileDecisionError.notRunning` without a running reconciler).
    func reconcilerCandidates() async throws -> ReconcilerCandidates
    /// Approves (deletes the orphan, fetches the missing zone now) or ignores a candidate.
    func decide(_ action: ReconcileDecision.Action, _ domain: String) async throws -> ReconcileDecision
    /// The kept versions of a zone, newest first (`OperatorQueryError.unknownZone` when unknown).
    func zoneHistory(_ domain: String) async throws -> ZoneHistoryListing
    /// A unified diff of the records of versions `from` and `to`; by default the version before
    /// `to`, and the current one.
    func zoneDiff(_ domain: String, from: Int64?, to: Int64?) async throws -> ZoneDiffDocument
    /// Stores the kept version `generation` again as a new generation from the operator, fanned
    /// out like a push.
    func rollback(_ domain: String, to generation: Int64) async throws -> RollbackResult
    /// Asks the backends' DNS servers for the SOA of every zone (or `zone`) now, on every backend
    /// with a `dns_address` (or `backend`); stale and missing zones are queued again.
    func probe(zone: String?, backend: String?) async throws -> ProbeReport
}

/// What `zones` lists: with neither `backend` nor `state`, the zones; otherwise the pairs.
public struct ZoneQuery: Sendable, Equatable {
    public var backend: String?
    public var state: PairState.State?
    /// Start after this domain (paging); empty: from the first.
    public var after: String
    public var limit: Int

    public init(backend: String? = nil, state: PairState.State? = nil, after: String = "", limit: Int = 1000) {
        self.backend = backend
        self.state = state
        self.after = after
        self.limit = limit
    }

    /// Whether the answer is pairs rather than zones.
    public var wantsPairs: Bool { backend != nil || state != nil }
}

/// `retry`: how many pairs were made due.
public struct RetryResult: Codable, Sendable, Equatable {
    public var queued: Int
    public init(queued: Int) { self.queued = queued }
}

/// A query the operator API cannot answer, in the operator's terms.
public enum OperatorQueryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No backend of that name is enabled.
    case unknownBackend(String, enabled: [String])
    /// The zone is not known to this node.
    case unknownZone(String)
    /// `healing.enabled` is off.
    case healingDisabled

    public var description: String {
        switch self {
        case .unknownBackend(let name, let enabled): return "unknown backend '\(name)' (enabled: \(enabled.joined(separator: ", ")))"
        case .unknownZone(let domain): return "\(domain) is not known"
        case .healingDisabled: return "healing is disabled"
        }
    }
}
