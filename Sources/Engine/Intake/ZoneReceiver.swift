import DNSZone
import DirectAdmin
import Logging
import ZoneStore

/// What the DirectAdmin endpoints do, without HTTP: read the request, validate, store in one
/// transaction, and say what became of it (`IntakeOutcome`). A change is only `accepted` or
/// `deleted` after the store has committed.
public struct ZoneReceiver: Sendable {
    public let store: ZoneStore
    /// `app.check_subdomain_owner_in_cluster_domainowners`: answer `exists=3` with the owner.
    public let reportParentOwner: Bool
    /// On during a graceful shutdown: changes are refused (`draining`).
    public let drainSwitch: DrainSwitch
    let logger: Logger
    let clock: @Sendable () -> Double
    /// Counts the saves and deletes stored, per minute (the console's charts, `/api/activity`).
    let activity: ActivityHistory?

    public init(
        store: ZoneStore, reportParentOwner: Bool, logger: Logger, clock: @escaping @Sendable () -> Double,
        drainSwitch: DrainSwitch = DrainSwitch(), activity: ActivityHistory? = nil
    ) {
        self.activity = activity
        self.drainSwitch = drainSwitch
        self.store = store
        self.reportParentOwner = reportParentOwner
        self.logger = logger
        self.clock = clock
    }

    /// A request for `path` (`/CMD_API_DNS_ADMIN`, …) with its query string and body.
    public func handle(path: String, query: String, body: [UInt8], clientAddress: String?) async -> IntakeOutcome {
        switch DirectAdminRequestParser.parse(path: path, query: query, body: body) {
        case .failure(let error):
            logger.warning("refused \(path) from \(clientAddress ?? "?"): \(error.reason)")
            PushMetrics.countInvalid(path: path, query: query)
            return .invalidRequest(reason: error.reason)
        case .success(let command):
            return await handle(command, clientAddress: clientAddress)
        }
    }

    /// A command already read from its request.
    public func handle(_ command: DirectAdminCommand, clientAddress: String?) async -> IntakeOutcome {
        let outcome = await answer(command, clientAddress: clientAddress)
        PushMetrics.count(command, outcome: outcome)
        if let activity, outcome.stored { await activity.recordPush(at: clock()) }
        return outcome
    }

    private func answer(_ command: DirectAdminCommand, clientAddress: String?) async -> IntakeOutcome {
        if drainSwitch.isDraining, command.changesZones { return .draining }
        do {
            switch command {
            case .loginTest:
                return .loginAccepted
            case .exists(let domain, let checkParents):
                return .exists(try await exists(domain: domain, checkParents: checkParents))
            case .rawSave(let domain, let zoneText, let hostname, let username, _):
                return try await save(domain: domain, zoneText: zoneText, hostname: hostname, username: username, client: clientAddress)
            case .delete(let domains, let hostname, let username):
                return try await delete(domains: domains, hostname: hostname, username: username, client: clientAddress)
            }
        } catch {
            logger.error("store error: \(error)")
            return .storeUnavailable(reason: StoreWriteHealth.reason(error), change: command.changesZones)
        }
    }

    private func exists(domain: String?, checkParents: Bool) async throws -> IntakeOutcome.ExistsAnswer {
        guard let domain else { return .absent }
        if let zone = try await store.firstPresent(of: [domain]) { return .held(domain: zone.domain) }
        guard checkParents else { return .absent }
        let ancestors = Array(DomainNameRules.selfAndAncestors(domain).dropFirst())
        guard let parent = try await store.firstPresent(of: ancestors) else { return .absent }
        if reportParentOwner { return .parentOwned(hostname: parent.hostname ?? "", username: parent.username ?? "") }
        return .parentHeld(domain: parent.domain)
    }

    private func save(
        domain: String, zoneText: [UInt8], hostname: String?, username: String?, client: String?
    ) async throws -> IntakeOutcome {
        let push: ZonePush
        let recordCount: Int
        switch ZoneIntake.accept(
            domain: domain, zoneText: zoneText, hostname: hostname, username: username, clientAddress: client, source: .directAdmin)
        {
        case .success(let accepted):
            (push, recordCount) = accepted
        case .failure(let rejection):
            logger.warning("rawsave \(domain) from \(hostname ?? "?") refused: \(rejection)")
            return .refused(rejection)
        }
        let outcome = try await store.push(push, at: clock())
        if let previous = outcome.previousOwner {
            logger.notice("\(domain) moved from DirectAdmin \(previous) to \(hostname ?? "?")")
        }
        let stored = outcome == SpoolingZoneStore.spooledPush ? "spooled" : "generation \(outcome.generation)"
        logger.info("rawsave \(domain) from \(hostname ?? "?"): \(recordCount) records, \(stored)\(outcome.changed ? "" : " (unchanged)")")
        if outcome.changed, let serial = push.serial, outcome.previousSerial == serial {
            // Accepted (the backends here get it), but secondaries that transfer by serial keep the old zone.
            logger.warning(
                "\(domain) changed but its SOA serial stayed \(serial): secondaries will not transfer it. DirectAdmin bumps the serial itself; someone edited the zone without doing so (raise the serial and save again)")
        }
        return .accepted(changed: outcome.changed)
    }

    private func delete(domains: [String], hostname: String?, username: String?, client: String?) async throws -> IntakeOutcome {
        var refused: [IntakeOutcome.ForeignZone] = []
        for domain in domains {
            let outcome = try await store.delete(
                domain: domain, hostname: hostname, username: username, clientAddress: client, source: .directAdmin, at: clock())
            switch outcome {
            case .deleted(let generation):
                logger.info("delete \(domain) from \(hostname ?? "?"): \(outcome == SpoolingZoneStore.spooledDelete ? "spooled" : "generation \(generation)")")
            case .notPresent:
                logger.info("delete \(domain) from \(hostname ?? "?"): not present")
            case .refused(let owner):
                logger.warning("delete \(domain) from \(hostname ?? "?") refused: the zone belongs to \(owner)")
                refused.append(.init(domain: domain, owner: owner))
            }
        }
        return refused.isEmpty ? .deleted : .deleteRefused(refused)
    }
}
