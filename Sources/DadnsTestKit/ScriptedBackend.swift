import Backends

/// The fake backend of the tests: a `DNSBackend` the test steers. On its own it is down (every
/// zone fails) or up, with zones it always refuses, and records what it applied and how often
/// each zone was tried. Wrapping a real backend it passes every batch on, and with
/// `holdingOutcomes` it keeps each batch's outcomes until `release()`: the moment a SIGKILL
/// after the backend wrote and before the store recorded the outcome would hit.
public actor ScriptedBackend: DNSBackend {
    public nonisolated let name: String
    private let inner: (any DNSBackend)?
    private var down = false
    private let refusing: Set<String>
    /// Zones applied, in order (without an inner backend).
    public private(set) var applied: [String] = []
    private var attemptCounts: [String: Int] = [:]
    /// Batches applied so far (outcomes held or not).
    public private(set) var batchesApplied = 0
    private var holding: Bool
    private var gate: CheckedContinuation<Void, Never>?

    /// A backend of its own named `name`, refusing the zones in `refusing`.
    public init(name: String, refusing: Set<String> = []) {
        self.name = name
        self.refusing = refusing
        inner = nil
        holding = false
    }

    /// A backend that applies every batch to `inner`; with `holdingOutcomes`, each batch waits
    /// after the apply for `release()` before it reports.
    public init(wrapping inner: any DNSBackend, holdingOutcomes: Bool) {
        name = inner.name
        refusing = []
        self.inner = inner
        holding = holdingOutcomes
    }

    /// The wrapped backend's batch size preference (none of its own).
    public nonisolated var preferredBatchSize: Int? { inner?.preferredBatchSize }

    /// Takes the backend down (every apply fails with "connection refused") or brings it up.
    public func set(down: Bool) { self.down = down }

    /// How many times `domain` was in a batch.
    public func attempts(of domain: String) -> Int { attemptCounts[domain, default: 0] }

    /// Lets the held batch report, and every later one at once.
    public func release() {
        holding = false
        gate?.resume()
        gate = nil
    }

    public func apply(_ changes: [BackendChange]) async -> [BackendOutcome] {
        let outcomes: [BackendOutcome]
        if let inner {
            outcomes = await inner.apply(changes)
        } else {
            outcomes = changes.map { change in
                attemptCounts[change.domain, default: 0] += 1
                if down { return .failed("connection refused") }
                if refusing.contains(change.domain) { return .failed("refused: \(change.domain)") }
                applied.append(change.domain)
                return .applied
            }
        }
        batchesApplied += 1
        if holding { await withCheckedContinuation { gate = $0 } }
        return outcomes
    }

    public func inventory() async throws -> Set<String> {
        if let inner { return try await inner.inventory() }
        return Set(applied)
    }
}
