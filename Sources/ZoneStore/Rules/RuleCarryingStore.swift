/// A store that carries out `DesiredStateRules`: it reads a zone's `StoredZoneState`, lets a
/// rule decide and writes the `ZoneChange`, in one transaction. The changes that are one rule
/// each (delete, a spooled delete, the reconciler's delete and fetch, owner moves) are written here once for
/// every store; a store only supplies the transaction.
public protocol RuleCarryingStore: ZoneStore {
    /// Runs `rule` on `domain`'s stored state and writes what it decides, in one transaction
    /// (nil from the rule: nothing written, nil returned).
    func changeZone<Outcome: Sendable>(
        _ domain: String, _ rule: @escaping @Sendable (StoredZoneState?) -> (ZoneChange, Outcome)?
    ) async throws -> Outcome?

    /// Where committed changes are announced (`desiredStateChanges()`).
    var changeAnnouncer: ChangeAnnouncer { get }
}

extension RuleCarryingStore {
    public func delete(
        domain: String, hostname: String?, username: String?, clientAddress: String?, source: ChangeSource, at now: Double
    ) async throws -> DeleteOutcome {
        let outcome = try await changeZone(domain) {
            DesiredStateRules.delete(
                domain: domain, hostname: hostname, username: username, clientAddress: clientAddress, source: source, over: $0, at: now)
        } ?? .notPresent
        if case .deleted = outcome { changeAnnouncer.announce() }
        return outcome
    }

    public func delete(
        domain: String, hostname: String?, username: String?, clientAddress: String?, source: ChangeSource,
        unchangedSince since: Double, at now: Double
    ) async throws -> DeleteOutcome? {
        let outcome = try await changeZone(domain) {
            DesiredStateRules.delete(
                domain: domain, hostname: hostname, username: username, clientAddress: clientAddress, source: source,
                unchangedSince: since, over: $0, at: now)
        }
        if case .deleted? = outcome { changeAnnouncer.announce() }
        return outcome
    }

    public func deleteOrphan(
        domain: String, generation: Int64, owner: String, username: String?, at now: Double
    ) async throws -> DeleteOutcome? {
        let outcome = try await changeZone(domain) {
            DesiredStateRules.deleteOrphan(domain: domain, generation: generation, owner: owner, username: username, over: $0, at: now)
        }
        if case .deleted? = outcome { changeAnnouncer.announce() }
        return outcome
    }

    public func pushFetched(_ push: ZonePush, unchangedSince since: Double, at now: Double) async throws -> PushOutcome? {
        let outcome = try await changeZone(push.domain) { DesiredStateRules.pushFetched(push, unchangedSince: since, over: $0, at: now) }
        if outcome?.changed == true { changeAnnouncer.announce() }
        return outcome
    }

    public func changeOwner(
        domain: String, from expected: String?, to hostname: String, source: ChangeSource, at now: Double
    ) async throws -> Bool {
        try await changeZone(domain) {
            DesiredStateRules.changeOwner(domain: domain, from: expected, to: hostname, source: source, over: $0, at: now)
        } ?? false
    }

    public func rollback(domain: String, to generation: Int64, at now: Double) async throws -> RollbackOutcome {
        // A kept version never changes, so reading it before the zone's transaction is safe.
        guard let version = try await historyVersion(of: domain, generation: generation) else { return .unknownVersion }
        let outcome = try await changeZone(domain) { DesiredStateRules.rollback(to: version, over: $0, at: now) } ?? .notPresent
        if case .rolledBack = outcome { changeAnnouncer.announce() }
        return outcome
    }
}
