import Engine
import ZoneStore

/// The operator API answered from the store: by the daemon's routes (`view: .live`, with the
/// running lanes and healer) and by the CLI when no daemon answers or `--offline` is given.
public struct StoreOperatorAPI: OperatorAPI {
    /// Whose view this is, which the status document says.
    public enum View: Sendable {
        /// The running daemon's own.
        case live
        /// The CLI reading the store at `storePath`; `runningDaemon` describes the daemon that
        /// holds it (`the daemon is running (pid 12)`), nil when none runs.
        case offline(storePath: String, runningDaemon: String?)
    }

    /// The status reporter, whose store, healer and clock the queries use too.
    public let reporter: StatusReporter
    let view: View

    /// The API over `reporter`'s store, for `reporter`'s backends.
    public init(reporter: StatusReporter, view: View) {
        self.reporter = reporter
        self.view = view
    }

    /// The store the queries read.
    public var store: ZoneStore { reporter.store }
    /// The enabled backends, in configuration order.
    public var backendNames: [String] { reporter.backends.map(\.name) }
    /// The time now (seconds since 1970), as the reporter reads it.
    public var clock: @Sendable () -> Double { reporter.clock }
    var healer: Healer? { reporter.healer }

    public func status() async throws -> StatusDocument {
        var document = try await reporter.document()
        guard case .offline(let path, let running) = view else { return document }
        if let running {
            // The store's view while the daemon runs: its status stands, the live part is missing.
            document.reasons.insert(
                "\(running); this is the store's view without live state (read from \(path)): run `dadns status` without --offline", at: 0)
        } else {
            document.reasons.insert("the daemon is not running (read from \(path))", at: 0)
            document.status = .error
        }
        return document
    }

    public func zones(_ query: ZoneQuery) async throws -> ZoneListing {
        if let backend = query.backend, !backendNames.contains(backend) {
            throw OperatorQueryError.unknownBackend(backend, enabled: backendNames)
        }
        guard query.wantsPairs else {
            return ZoneListing(zones: try await store.zones(present: nil, afterDomain: query.after, limit: query.limit), pairs: nil)
        }
        let backends = query.backend.map { [$0] } ?? backendNames
        return ZoneListing(
            zones: nil, pairs: try await store.pairs(backends: backends, state: query.state, afterDomain: query.after, limit: query.limit))
    }

    public func zone(_ domain: String) async throws -> ZoneDetail? {
        let domain = domain.lowercased()
        guard let desired = try await store.zone(domain) else { return nil }
        var detail = ZoneDetail(
            zone: desired, pairs: try await store.pairs(backends: backendNames, domain: domain), history: try await store.history(of: domain))
        detail.probe = await reporter.probe?.results(for: domain)
        return detail
    }

    public func retry(backend: String?, zone: String?) async throws -> RetryResult {
        let domain = zone?.lowercased()
        if let backend, !backendNames.contains(backend) { throw OperatorQueryError.unknownBackend(backend, enabled: backendNames) }
        if let domain, try await store.zone(domain) == nil { throw OperatorQueryError.unknownZone(domain) }
        return RetryResult(queued: try await store.retryNow(backend: backend, domain: domain, at: clock()))
    }

    public func heal() async throws -> [HealReport] {
        guard let healer else { throw OperatorQueryError.healingDisabled }
        return await healer.heal()
    }
}
