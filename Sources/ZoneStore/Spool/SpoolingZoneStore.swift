/// The shared store with a local durable spool in front of its writes (issue 17: DirectAdmin
/// never retries a push). A push or delete goes to the shared store; when that fails because the
/// database cannot be reached (`isUnreachable` decides: connection refused or lost, connect
/// timeout, a Galera node cut off from its cluster), the change is appended to the spool and
/// acknowledged. While the spool holds a change of a zone, that zone's later changes are spooled
/// too, so they stay in order. A change the store refuses by its rules (a foreign owner's delete)
/// is refused as before; only the unreachable database makes a change wait in the spool.
///
/// `forwardSpooled` (run by the daemon's spool forwarder) sends the spooled changes in order once
/// the database answers, each only if the zone did not change in the shared store after the
/// change was accepted (`pushFetched(_:unchangedSince:at:)`, `delete(…unchangedSince:at:)`), so a
/// newer change another node accepted meanwhile stands; ownership rules apply as to a fresh
/// change. A change is written to the shared store with its acceptance time, and leaves the spool
/// only after the shared store committed it (or decided against it): a crash in between forwards
/// it again, and the store then finds it already there (`alreadyStored`).
///
/// Every other operation is the shared store's; reads fail while the database is unreachable
/// (the dispatcher's lanes retry, the backends keep what they serve). The shared store may be
/// opened late (`init(opening:…)`): a node starts while the database does not answer, spools,
/// and opens the store when it answers.
public final class SpoolingZoneStore: ZoneStore {
    let opener: SharedStoreOpener
    let changes = ChangeAnnouncer()
    public let spool: ChangeSpool
    let isUnreachable: @Sendable (any Error) -> Bool
    let onSpooled: @Sendable (SpooledChange, _ reason: String?) -> Void
    let reach = SharedStoreReach()
    let depth: SpoolDepth

    /// - Parameters:
    ///   - isUnreachable: whether an error of `shared` means the database could not be reached
    ///     (and the change may wait in the spool), as opposed to a refusal or a failure of the change.
    ///   - onSpooled: told of each change spooled, with the shared store's error when that was why
    ///     (nil when the change joined earlier changes of its zone in the spool).
    public convenience init(
        shared: any ZoneStore, spool: ChangeSpool, isUnreachable: @escaping @Sendable (any Error) -> Bool,
        onSpooled: @escaping @Sendable (SpooledChange, _ reason: String?) -> Void = { _, _ in }
    ) async throws {
        try await self.init(opening: { shared }, spool: spool, isUnreachable: isUnreachable, onSpooled: onSpooled)
    }

    /// A spool in front of the store `open` opens: opened now if it can be; when the database
    /// cannot be reached, on a later use (changes are spooled meanwhile). Any other error of
    /// `open` (a refused login, a schema from a newer dadns) is thrown.
    public init(
        opening open: @escaping @Sendable () async throws -> any ZoneStore, spool: ChangeSpool,
        isUnreachable: @escaping @Sendable (any Error) -> Bool,
        onSpooled: @escaping @Sendable (SpooledChange, _ reason: String?) -> Void = { _, _ in }
    ) async throws {
        opener = SharedStoreOpener(open: open, changes: changes)
        self.spool = spool
        self.isUnreachable = isUnreachable
        self.onSpooled = onSpooled
        depth = SpoolDepth(try await spool.summary().depth)
        do { _ = try await answered { $0 } } catch let error where isUnreachable(error) {}
    }

    /// The shared store, opened now if it was not yet.
    public func sharedStore() async throws -> any ZoneStore {
        try await answered { $0 }
    }

    /// Whether the shared store has been opened.
    public var isSharedStoreOpen: Bool {
        get async { await opener.current != nil }
    }

    /// Why a figure of the shared store was not asked for: the database is known not to answer.
    public struct NotAsked: Error, CustomStringConvertible {
        public init() {}
        public var description: String { "not asked: the shared database does not answer" }
    }

    /// What a spooled push reports: changed, at generation 0 (the shared store gives the
    /// generation when the push is forwarded).
    public static let spooledPush = PushOutcome(generation: 0, changed: true, previousOwner: nil)
    /// What a spooled delete reports (see `spooledPush`).
    public static let spooledDelete = DeleteOutcome.deleted(generation: 0)

    public func push(_ push: ZonePush, at now: Double) async throws -> PushOutcome {
        try await take(.push(push), at: now, spooled: Self.spooledPush) { try await $0.push(push, at: now) }
    }

    public func delete(
        domain: String, hostname: String?, username: String?, clientAddress: String?, source: ChangeSource, at now: Double
    ) async throws -> DeleteOutcome {
        let intake = SpooledChange.Intake.delete(
            domain: domain, hostname: hostname, username: username, clientAddress: clientAddress, source: source)
        return try await take(intake, at: now, spooled: Self.spooledDelete) {
            try await $0.delete(
                domain: domain, hostname: hostname, username: username, clientAddress: clientAddress, source: source, at: now)
        }
    }

    /// A change from DirectAdmin: into the spool when the zone already waits there or the
    /// database is known to be down with changes waiting; else to the shared store, and into the
    /// spool when that cannot be reached.
    private func take<T: Sendable>(
        _ intake: SpooledChange.Intake, at now: Double, spooled: T, direct: @Sendable (any ZoneStore) async throws -> T
    ) async throws -> T {
        if depth.value > 0 {
            if let down = reach.unreachable {
                try await append(intake, at: now, reason: down.error)
                return spooled
            }
            if let change = try await spool.append(intake, at: now, onlyIfZonePending: true) {
                depth.add(1)
                onSpooled(change, nil)
                return spooled
            }
        }
        do {
            return try await answered(direct)
        } catch let error where isUnreachable(error) {
            try await append(intake, at: now, reason: StoreWriteHealth.reason(error))
            return spooled
        }
    }

    private func append(_ intake: SpooledChange.Intake, at now: Double, reason: String) async throws {
        guard let change = try await spool.append(intake, at: now) else { return }
        depth.add(1)
        onSpooled(change, reason)
    }

    /// Runs a call of the shared store (opening it first if need be), noting whether the database answered.
    func answered<T: Sendable>(_ call: (any ZoneStore) async throws -> T) async throws -> T {
        do {
            let value = try await call(try await opener.get())
            reach.answered()
            return value
        } catch {
            if isUnreachable(error) { reach.failed(StoreWriteHealth.reason(error)) }
            throw error
        }
    }

    // MARK: Forwarding

    /// How many changes wait in the spool.
    public var spooledCount: Int { depth.value }

    /// Forwards up to `limit` of the oldest spooled changes, in order, stopping at the first that
    /// cannot be forwarded now (it stays first in the spool).
    public func forwardSpooled(limit: Int = 200) async -> SpoolForwardPass {
        var pass = SpoolForwardPass()
        let batch: [SpooledChange]
        do { batch = try await spool.oldest(limit: limit) } catch {
            pass.stoppedBy = .failed("spool \(spool.path): \(StoreWriteHealth.reason(error))")
            pass.remaining = depth.value
            return pass
        }
        for change in batch {
            let outcome: SpoolForwardResult.Outcome
            do {
                outcome = try await answered { try await self.forward(change, to: $0) }
            } catch {
                let reason = StoreWriteHealth.reason(error)
                pass.stoppedBy = isUnreachable(error) ? .unreachable(reason) : .failed(reason)
                break
            }
            do {
                try await spool.remove(change.id)
                depth.add(-1)
            } catch {
                // Committed but still spooled: forwarded again later, and found already stored.
                pass.stoppedBy = .failed("spool \(spool.path): \(StoreWriteHealth.reason(error))")
                break
            }
            pass.results.append(SpoolForwardResult(change: change, outcome: outcome))
        }
        pass.remaining = depth.value
        return pass
    }

    /// One change to the shared store, written with its acceptance time, unless the zone changed
    /// after it was accepted.
    private func forward(_ change: SpooledChange, to shared: any ZoneStore) async throws -> SpoolForwardResult.Outcome {
        let since = change.acceptedAt
        switch change.intake {
        case .push(let push):
            if let outcome = try await shared.pushFetched(push, unchangedSince: since, at: since) {
                return .stored(generation: outcome.generation, changed: outcome.changed)
            }
            let zone = try await shared.zone(push.domain)
            if let zone, zone.updatedAt == since, zone.present, zone.contentHash == push.contentHash { return .alreadyStored }
            return .superseded(newer: zone)
        case .delete(let domain, let hostname, let username, let clientAddress, let source):
            let outcome = try await shared.delete(
                domain: domain, hostname: hostname, username: username, clientAddress: clientAddress, source: source,
                unchangedSince: since, at: since)
            switch outcome {
            case .deleted(let generation): return .stored(generation: generation, changed: true)
            case .notPresent: return .notPresent
            case .refused(let owner): return .refused(owner: owner)
            case nil:
                let zone = try await shared.zone(domain)
                if let zone, zone.updatedAt == since, !zone.present { return .alreadyStored }
                return .superseded(newer: zone)
            }
        }
    }

    // MARK: Status

    /// The spool as `/status` shows it.
    public func status() async throws -> SpoolStatus {
        let summary = try await spool.summary()
        let down = reach.unreachable
        return SpoolStatus(
            path: spool.path, depth: summary.depth, oldestAcceptedAt: summary.oldestAcceptedAt,
            unreachableSince: down?.since, lastError: down?.error)
    }
}

/// The spool and the shared database's reach, for `/status`.
public struct SpoolStatus: Sendable, Equatable {
    public var path: String
    public var depth: Int
    /// When the oldest waiting change was accepted.
    public var oldestAcceptedAt: Double?
    /// Since when the shared database has not answered; nil while it answers.
    public var unreachableSince: Double?
    /// Why it did not answer, last time.
    public var lastError: String?
}
