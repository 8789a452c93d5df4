/// A zone the last reconciliation pass left for the operator to decide on: an orphan it did not
/// delete (dry-run, or the bulk-delete guard tripped), or a zone a DirectAdmin server lists that
/// is still missing here (dry-run, or its fetch failed). Approving deletes or fetches it now;
/// ignoring puts it on the ignore list, so later passes leave it alone.
public struct ReconcileCandidate: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case orphan, missing
    }

    public var domain: String
    public var kind: Kind
    /// The server that owns the orphan here, or lists the missing zone.
    public var hostname: String
    /// Why the pass did not act on it itself.
    public var reason: String
    /// An orphan's generation when the pass saw it: approving deletes it only if unchanged since.
    public var generation: Int64?
    /// The DirectAdmin user of the zone, when known.
    public var username: String?

    public init(domain: String, kind: Kind, hostname: String, reason: String, generation: Int64? = nil, username: String? = nil) {
        self.domain = domain
        self.kind = kind
        self.hostname = hostname
        self.reason = reason
        self.generation = generation
        self.username = username
    }
}

/// `GET /api/reconciler`, `dadns reconcile list`, the console's reconciler page: the last pass,
/// what it left for the operator, and what the operator ignored.
public struct ReconcilerCandidates: Sendable, Codable, Equatable {
    public var lastPass: ReconcileReport?
    public var orphans: [ReconcileCandidate]
    public var missing: [ReconcileCandidate]
    public var ignored: [ReconcileIgnoreList.Entry]

    public init(lastPass: ReconcileReport?, orphans: [ReconcileCandidate], missing: [ReconcileCandidate], ignored: [ReconcileIgnoreList.Entry]) {
        self.lastPass = lastPass
        self.orphans = orphans
        self.missing = missing
        self.ignored = ignored
    }
}

/// What approving or ignoring a candidate did.
public struct ReconcileDecision: Sendable, Codable, Equatable {
    public enum Action: String, Sendable, Codable {
        case approve, ignore, unignore
    }

    public var domain: String
    public var kind: ReconcileCandidate.Kind
    public var action: Action
    /// Whether the zone was deleted or stored (approve), put on the ignore list (ignore) or taken off it (unignore).
    public var done: Bool
    /// What happened, in words.
    public var outcome: String

    public init(domain: String, kind: ReconcileCandidate.Kind, action: Action, done: Bool, outcome: String) {
        self.domain = domain
        self.kind = kind
        self.action = action
        self.done = done
        self.outcome = outcome
    }
}

/// An approve or ignore the reconciler refuses.
public enum ReconcileDecisionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No reconciler runs here (`reconciliation.enabled` off, or the daemon is not running).
    case notRunning
    /// The last pass left no such candidate.
    case notACandidate(String)
    /// The zone is not on the ignore list.
    case notIgnored(String)
    /// The ignore list could not be written.
    case ignoreListFailed(String)

    public var description: String {
        switch self {
        case .notRunning: return "the reconciler is not running here (reconciliation.enabled, and ask the running daemon)"
        case .notACandidate(let domain):
            return "\(domain) is not an orphan or missing zone of the reconciler's last pass (see `dadns reconcile list`)"
        case .notIgnored(let domain): return "\(domain) is not on the reconciler's ignore list"
        case .ignoreListFailed(let reason): return reason
        }
    }
}
