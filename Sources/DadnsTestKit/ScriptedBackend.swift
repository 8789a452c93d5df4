import Backends

/// The fake backend of the tests: a `DNSBackend` the test steers, down (every zone fails) or up,
/// with zones it always refuses; it records what it applied and how often each zone was tried.
public actor ScriptedBackend: DNSBackend {
    public nonisolated let name: String
    private var down = false
    private let refusing: Set<String>
    /// Zones applied, in order.
    public private(set) var applied: [String] = []
    private var attemptCounts: [String: Int] = [:]

    public init(name: String, refusing: Set<String> = []) {
        self.name = name
        self.refusing = refusing
    }

    /// Takes the backend down (every apply fails with "connection refused") or brings it up.
    public func set(down: Bool) { self.down = down }

    /// How many times `domain` was in a batch.
    public func attempts(of domain: String) -> Int { attemptCounts[domain, default: 0] }

    public func apply(_ changes: [BackendChange]) async -> [BackendOutcome] {
        changes.map { change in
            attemptCounts[change.domain, default: 0] += 1
            if down { return .failed("connection refused") }
            if refusing.contains(change.domain) { return .failed("refused: \(change.domain)") }
            applied.append(change.domain)
            return .applied
        }
    }

    public func inventory() async throws -> Set<String> { Set(applied) }
}
