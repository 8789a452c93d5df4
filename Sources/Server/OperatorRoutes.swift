import Engine
import Foundation
import Hummingbird
import NIOCore
import Prometheus
import ZoneStore

/// The operator's endpoints: `/health` (open, for load balancers), and behind Basic auth
/// `/status`, `/metrics` and the `/api/…` the CLI uses.
public struct OperatorRoutes: Sendable {
    let reporter: StatusReporter
    let store: ZoneStore
    let healer: Healer?
    let backendNames: [String]
    let credentials: BasicCredentials
    let registry: PrometheusCollectorRegistry
    let clock: @Sendable () -> Double

    public init(
        reporter: StatusReporter, store: ZoneStore, healer: Healer?, backendNames: [String], credentials: BasicCredentials,
        registry: PrometheusCollectorRegistry, clock: @escaping @Sendable () -> Double
    ) {
        self.reporter = reporter
        self.store = store
        self.healer = healer
        self.backendNames = backendNames
        self.credentials = credentials
        self.registry = registry
        self.clock = clock
    }

    public func register(on router: Router<DadnsRequestContext>) {
        router.get("/health") { _, _ in try await health() }
        router.get("/status") { request, _ in try await authorized(request) { try json(await reporter.document()) } }
        router.get("/metrics") { request, _ in try await authorized(request) { try await metrics() } }
        router.post("/api/retry") { request, _ in try await authorized(request) { try await retry(request) } }
        router.post("/api/heal") { request, _ in
            try await authorized(request) {
                guard let healer else { return text(404, "healing is disabled\n") }
                return try json(await healer.heal())
            }
        }
        router.get("/api/zones") { request, _ in try await authorized(request) { try await zones(request) } }
        router.get("/api/zones/:domain") { request, context in
            try await authorized(request) { try await zone(context.parameters.get("domain") ?? "") }
        }
    }

    private func authorized(_ request: Request, _ body: () async throws -> Response) async throws -> Response {
        guard credentials.accept(request.headers[.authorization]) else {
            return Response(
                status: .unauthorized, headers: [.wwwAuthenticate: "Basic realm=\"dadns\"", .contentType: "text/plain"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "authentication required\n")))
        }
        return try await body()
    }

    /// 200 while dadns accepts changes and no backend is down; 503 otherwise, with the reasons.
    private func health() async throws -> Response {
        do {
            let document = try await reporter.document()
            let body = document.status.rawValue + (document.reasons.isEmpty ? "" : ": " + document.reasons.joined(separator: "; ")) + "\n"
            return text(document.status == .error ? 503 : 200, body)
        } catch {
            return text(503, "error: the store cannot be read: \(error)\n")
        }
    }

    private func retry(_ request: Request) async throws -> Response {
        let backend = request.uri.queryParameters.get("backend")
        let domain = request.uri.queryParameters.get("zone")?.lowercased()
        if let backend, !backendNames.contains(backend) {
            return text(400, "unknown backend '\(backend)' (enabled: \(backendNames.joined(separator: ", ")))\n")
        }
        if let domain, try await store.zone(domain) == nil { return text(404, "\(domain) is not known\n") }
        let queued = try await store.retryNow(backend: backend, domain: domain, at: clock())
        return try json(["queued": queued])
    }

    private func zones(_ request: Request) async throws -> Response {
        let parameters = request.uri.queryParameters
        let limit = min(parameters.get("limit").flatMap { Int($0) } ?? 1000, 10_000)
        let after = parameters.get("after") ?? ""
        var backends = backendNames
        if let backend = parameters.get("backend") {
            guard backendNames.contains(backend) else { return text(400, "unknown backend '\(backend)'\n") }
            backends = [backend]
        }
        var state: PairState.State?
        if let name = parameters.get("state") {
            guard let parsed = PairState.State(rawValue: name) else {
                return text(400, "unknown state '\(name)' (ok, pending, retrying, failed)\n")
            }
            state = parsed
        }
        if state == nil && parameters.get("backend") == nil {
            return try json(ZoneListing(zones: try await store.zones(present: nil, afterDomain: after, limit: limit), pairs: nil))
        }
        return try json(ZoneListing(zones: nil, pairs: try await store.pairs(backends: backends, state: state, afterDomain: after, limit: limit)))
    }

    private func zone(_ domain: String) async throws -> Response {
        let domain = domain.lowercased()
        guard let desired = try await store.zone(domain) else { return text(404, "\(domain) is not known\n") }
        return try json(ZoneDetail(
            zone: desired, pairs: try await store.pairs(backends: backendNames, domain: domain),
            history: try await store.history(of: domain)))
    }

    /// The gauge `dadns_<metric>_<unit>` (`unit` may be empty).
    private func gauge(_ metric: String, _ unit: String, _ help: String, _ labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "dadns", metricName: metric, unitName: unit, helpText: help), labels: labels)
    }

    private func metrics() async throws -> Response {
        for name in backendNames {
            let backlog = try await store.backlog(backend: name)
            let labels = [("backend", name)]
            gauge("pending", "zones", "Zones waiting for their first attempt", labels).set(to: Double(backlog.pending))
            gauge("retrying", "zones", "Zones waiting for a retry", labels).set(to: Double(backlog.retrying))
            gauge("failed", "zones", "Zones whose retries are used up", labels).set(to: Double(backlog.failed))
            gauge("oldest_pending", "seconds", "Age of the oldest unapplied change", labels)
                .set(to: backlog.oldestChangeAt.map { max(0, clock() - $0) } ?? 0)
        }
        gauge("zones", "", "Zones present in the desired state").set(to: Double(try await store.presentZoneCount()))
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    private func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var data = try encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    private func text(_ status: Int, _ body: String) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "text/plain"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}

/// `/api/zones`: zones (no filter) or pairs (filtered by backend or state).
public struct ZoneListing: Codable, Sendable {
    public var zones: [ZoneSummary]?
    public var pairs: [PairState]?

    public init(zones: [ZoneSummary]?, pairs: [PairState]?) {
        self.zones = zones
        self.pairs = pairs
    }
}

/// `/api/zones/<domain>`: the desired zone, its pairs and its journal.
public struct ZoneDetail: Codable, Sendable {
    public var zone: DesiredZone
    public var pairs: [PairState]
    public var history: [JournalEntry]

    public init(zone: DesiredZone, pairs: [PairState], history: [JournalEntry]) {
        self.zone = zone
        self.pairs = pairs
        self.history = history
    }
}
