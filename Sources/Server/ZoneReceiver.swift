import DirectAdmin
import Engine
import Logging
import Metrics
import ZoneStore

/// What the DirectAdmin endpoints do, without HTTP: validate, store in one transaction, answer.
/// `error=0` is only returned after the store has committed.
public struct ZoneReceiver: Sendable {
    public let store: ZoneStore
    /// `app.check_subdomain_owner_in_cluster_domainowners`: answer `exists=3` with the owner.
    public let reportParentOwner: Bool
    /// On during a graceful shutdown: changes are refused with 503.
    public let drainSwitch: DrainSwitch
    let logger: Logger
    let clock: @Sendable () -> Double

    public init(
        store: ZoneStore, reportParentOwner: Bool, logger: Logger, clock: @escaping @Sendable () -> Double,
        drainSwitch: DrainSwitch = DrainSwitch()
    ) {
        self.drainSwitch = drainSwitch
        self.store = store
        self.reportParentOwner = reportParentOwner
        self.logger = logger
        self.clock = clock
    }

    /// A reply: HTTP status and url-encoded body.
    public struct Reply: Sendable, Equatable {
        public var status: Int
        public var body: String
        /// For a successful save: whether the content was new (false: already held).
        public var changed: Bool = true

        public init(status: Int, body: String, changed: Bool = true) {
            self.status = status
            self.body = body
            self.changed = changed
        }
    }

    public func handle(_ command: DirectAdminCommand, clientAddress: String?) async -> Reply {
        let reply = await answer(command, clientAddress: clientAddress)
        PushMetrics.count(command, reply: reply)
        return reply
    }

    private func answer(_ command: DirectAdminCommand, clientAddress: String?) async -> Reply {
        if drainSwitch.isDraining, command.changesZones {
            return Reply(status: 503, body: DirectAdminReply.error("dadns is shutting down; the change was not stored"))
        }
        do {
            switch command {
            case .loginTest:
                return Reply(status: 200, body: DirectAdminReply.ok("Login OK"))
            case .exists(let domain, let checkParents):
                return try await exists(domain: domain, checkParents: checkParents)
            case .rawSave(let domain, let zoneText, let hostname, let username, _):
                return try await save(domain: domain, zoneText: zoneText, hostname: hostname, username: username, client: clientAddress)
            case .delete(let domains, let hostname, let username):
                return try await delete(domains: domains, hostname: hostname, username: username, client: clientAddress)
            }
        } catch {
            logger.error("store error: \(error)")
            let reason = StoreWriteHealth.reason(error)
            guard command.changesZones else { return Reply(status: 500, body: DirectAdminReply.error("the store failed: \(reason)")) }
            return Reply(status: 500, body: DirectAdminReply.error("the change was not stored: \(reason)"))
        }
    }

    private func exists(domain: String?, checkParents: Bool) async throws -> Reply {
        guard let domain else { return Reply(status: 200, body: DirectAdminReply.exists(0)) }
        if let zone = try await store.firstPresent(of: [domain]) {
            return Reply(status: 200, body: DirectAdminReply.exists(1, details: "\(zone.domain) exists on this server"))
        }
        guard checkParents else { return Reply(status: 200, body: DirectAdminReply.exists(0)) }
        let ancestors = Array(DomainNameRules.selfAndAncestors(domain).dropFirst())
        guard let parent = try await store.firstPresent(of: ancestors) else {
            return Reply(status: 200, body: DirectAdminReply.exists(0))
        }
        if reportParentOwner {
            return Reply(status: 200, body: DirectAdminReply.exists(3, hostname: parent.hostname ?? "", username: parent.username ?? ""))
        }
        return Reply(status: 200, body: DirectAdminReply.exists(2, details: "parent zone \(parent.domain) exists on this server"))
    }

    private func save(domain: String, zoneText: [UInt8], hostname: String?, username: String?, client: String?) async throws -> Reply {
        let push: ZonePush
        let recordCount: Int
        switch ZoneIntake.accept(
            domain: domain, zoneText: zoneText, hostname: hostname, username: username, clientAddress: client, source: .directAdmin)
        {
        case .success(let accepted):
            (push, recordCount) = accepted
        case .failure(let rejection):
            logger.warning("rawsave \(domain) from \(hostname ?? "?") refused: \(rejection)")
            return Reply(status: 400, body: DirectAdminReply.error(rejection.description))
        }
        let outcome = try await store.push(push, at: clock())
        if let previous = outcome.previousOwner {
            logger.notice("\(domain) moved from DirectAdmin \(previous) to \(hostname ?? "?")")
        }
        logger.info("rawsave \(domain) from \(hostname ?? "?"): \(recordCount) records, generation \(outcome.generation)\(outcome.changed ? "" : " (unchanged)")")
        if outcome.changed, let serial = push.serial, outcome.previousSerial == serial {
            // Accepted (the backends here get it), but secondaries that transfer by serial keep the old zone.
            logger.warning(
                "\(domain) changed but its SOA serial stayed \(serial): secondaries will not transfer it. DirectAdmin bumps the serial itself; someone edited the zone without doing so (raise the serial and save again)")
        }
        return Reply(status: 200, body: DirectAdminReply.ok(), changed: outcome.changed)
    }

    private func delete(domains: [String], hostname: String?, username: String?, client: String?) async throws -> Reply {
        var refused: [String] = []
        for domain in domains {
            let outcome = try await store.delete(
                domain: domain, hostname: hostname, username: username, clientAddress: client, source: .directAdmin, at: clock())
            switch outcome {
            case .deleted(let generation):
                logger.info("delete \(domain) from \(hostname ?? "?"): generation \(generation)")
            case .notPresent:
                logger.info("delete \(domain) from \(hostname ?? "?"): not present")
            case .refused(let owner):
                logger.warning("delete \(domain) from \(hostname ?? "?") refused: the zone belongs to \(owner)")
                refused.append("\(domain) belongs to \(owner)")
            }
        }
        guard refused.isEmpty else {
            return Reply(status: 403, body: DirectAdminReply.error("delete refused: " + refused.joined(separator: ", ")))
        }
        return Reply(status: 200, body: DirectAdminReply.ok())
    }
}

/// `dadns_pushes_total{action, result}`: every DirectAdmin command and how it ended.
enum PushMetrics {
    static func count(_ command: DirectAdminCommand, reply: ZoneReceiver.Reply) {
        let action: String
        switch command {
        case .loginTest: action = "login_test"
        case .exists: action = "exists"
        case .rawSave: action = "rawsave"
        case .delete: action = "delete"
        }
        let result: String
        switch reply.status {
        case 200: result = reply.changed ? "ok" : "unchanged"
        case 403: result = "refused"
        case 503: result = "draining"
        case 500...: result = "error"
        default: result = "invalid"
        }
        Counter(label: "dadns_pushes_total", dimensions: [("action", action), ("result", result)]).increment()
    }

    /// A request refused before it became a command (bad parameters).
    static func countInvalid(path: String, query: String) {
        var action = path == "/CMD_API_LOGIN_TEST" ? "login_test" : "unknown"
        for known in ["rawsave", "delete", "exists"] where query.contains("action=\(known)") { action = known }
        Counter(label: "dadns_pushes_total", dimensions: [("action", action), ("result", "invalid")]).increment()
    }
}
