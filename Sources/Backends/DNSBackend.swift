/// One zone change for a backend: bring the zone to this content, or remove it.
public struct BackendChange: Sendable, Equatable {
    public var domain: String
    /// The zone in canonical master-file form; nil removes the zone.
    public var zoneText: String?

    public init(domain: String, zoneText: String?) {
        self.domain = domain
        self.zoneText = zoneText
    }
}

/// What one change came to on a backend.
public enum BackendOutcome: Sendable, Equatable {
    case applied
    case failed(String)
}

/// A DNS server `dadns` keeps in line with the desired state. Implementations never leave a zone
/// half-written and never run a shell.
public protocol DNSBackend: Sendable {
    /// The instance name from the configuration (`bind`, `coredns_dc1`, …).
    var name: String { get }
    /// Applies a batch of changes (at most one per domain) and reports each zone's outcome, in
    /// the order given.
    func apply(_ changes: [BackendChange]) async -> [BackendOutcome]
    /// The zones this program manages on the backend.
    func inventory() async throws -> Set<String>
    /// Of `desired` (zones with their text), the domains the backend lacks or holds with other
    /// content. Used by the healing pass; a backend that cannot compare content checks presence.
    func drifted(_ desired: [BackendChange]) async throws -> [String]
    /// `drifted`, with `held` the inventory the caller read at the start of its pass (the
    /// healing pass compares page by page: re-reading the inventory for each page would cost
    /// the whole inventory per page). By default the same as `drifted(_:)`, so a backend whose
    /// `drifted(_:)` reads its inventory implements this one too (BIND, NSD and Knot do; NSD's
    /// default re-read `nsd-control zonestatus` 200 times in a pass at 100,000 zones).
    func drifted(_ desired: [BackendChange], held: Set<String>) async throws -> [String]
    /// Why the backend cannot do its whole job as configured (BIND with no rndc found), for
    /// `/status` to report it `degraded`; nil when nothing stands in its way.
    var standingProblem: String? { get }
    /// Most zones one batch should carry when `dns.batch_size` is not set; nil: the lane's
    /// default. A backend whose cost per batch grows with the zones it holds (BIND's `rndc
    /// reconfig`) asks for more, so that a bulk push takes few batches.
    var preferredBatchSize: Int? { get }
}

extension DNSBackend {
    public var standingProblem: String? { nil }

    public var preferredBatchSize: Int? { nil }

    public func drifted(_ desired: [BackendChange], held: Set<String>) async throws -> [String] {
        try await drifted(desired)
    }

    /// Presence only: the zones of `desired` missing from the inventory.
    public func drifted(_ desired: [BackendChange]) async throws -> [String] {
        let held = try await inventory()
        return desired.filter { !held.contains($0.domain) }.map(\.domain)
    }
}
