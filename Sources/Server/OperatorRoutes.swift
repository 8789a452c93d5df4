import Engine
import Foundation
import Hummingbird
import NIOCore
import Operator
import Prometheus
import ZoneStore

/// The operator's endpoints: `/health` (open, for load balancers), and on a group behind the
/// operator realm's Basic auth `/status`, `/metrics` and the `/api/…` the CLI uses. The queries
/// are the `OperatorAPI`'s; these routes only read parameters and write JSON.
public struct OperatorRoutes: Sendable {
    /// The queries, and the store and backends `/metrics` reads.
    let api: StoreOperatorAPI
    let registry: PrometheusCollectorRegistry

    public init(api: StoreOperatorAPI, registry: PrometheusCollectorRegistry) {
        self.api = api
        self.registry = registry
    }

    /// `/health`, which carries no credentials.
    public func registerOpen(on router: Router<DadnsRequestContext>) {
        router.get("/health") { _, _ in await health() }
    }

    /// Everything else, on the group behind the operator realm.
    public func register(on group: RouterGroup<DadnsRequestContext>) {
        group.get("/status") { _, _ in try json(await api.status()) }
        group.get("/metrics") { _, _ in try await metrics() }
        group.post("/api/retry") { request, _ in try await retry(request) }
        group.post("/api/heal") { _, _ in
            do {
                return try json(await api.heal())
            } catch OperatorQueryError.healingDisabled {
                return text(404, "healing is disabled\n")
            }
        }
        group.get("/api/zones") { request, _ in try await zones(request) }
        group.get("/api/zones/:domain") { _, context in try await zone(context.parameters.get("domain") ?? "") }
        registerHistory(on: group)
        registerActivity(on: group)
        registerReconciler(on: group)
        registerProbe(on: group)
    }

    /// 200 while dadns accepts changes and no backend is down; 503 otherwise, with the reasons.
    private func health() async -> Response {
        do {
            let document = try await api.status()
            let body = document.status.rawValue + (document.reasons.isEmpty ? "" : ": " + document.reasons.joined(separator: "; ")) + "\n"
            return text(document.status == .error ? 503 : 200, body)
        } catch {
            return text(503, "error: the store cannot be read: \(error)\n")
        }
    }

    private func retry(_ request: Request) async throws -> Response {
        let parameters = request.uri.queryParameters
        do {
            return try json(await api.retry(backend: parameters.get("backend"), zone: parameters.get("zone")))
        } catch let error as OperatorQueryError {
            switch error {
            case .unknownBackend: return text(400, "\(error)\n")
            case .unknownZone, .healingDisabled: return text(404, "\(error)\n")
            }
        }
    }

    private func zones(_ request: Request) async throws -> Response {
        let parameters = request.uri.queryParameters
        var query = ZoneQuery(
            backend: parameters.get("backend"), after: parameters.get("after") ?? "",
            limit: min(parameters.get("limit").flatMap { Int($0) } ?? 1000, 10_000))
        if let name = parameters.get("state") {
            guard let state = PairState.State(rawValue: name) else {
                return text(400, "unknown state '\(name)' (ok, pending, retrying, failed)\n")
            }
            query.state = state
        }
        do {
            return try json(await api.zones(query))
        } catch OperatorQueryError.unknownBackend(let name, _) {
            return text(400, "unknown backend '\(name)'\n")
        }
    }

    private func zone(_ domain: String) async throws -> Response {
        guard let detail = try await api.zone(domain) else { return text(404, "\(domain.lowercased()) is not known\n") }
        return try json(detail)
    }

    /// The gauge `dadns_<metric>_<unit>` (`unit` may be empty).
    private func gauge(_ metric: String, _ unit: String, _ help: String, _ labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "dadns", metricName: metric, unitName: unit, helpText: help), labels: labels)
    }

    private func metrics() async throws -> Response {
        // A shared database that does not answer (the node spools changes meanwhile) leaves the
        // store's gauges at their last values; the rest, `dadns_spool_depth` too, is still served.
        try? await storeGauges()
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    /// The gauges read from the store: each backend's backlog, the zone count.
    private func storeGauges() async throws {
        let store = api.store
        let now = api.clock()
        for name in api.backendNames {
            let backlog = try await store.backlog(backend: name)
            let labels = [("backend", name)]
            gauge("pending", "zones", "Zones waiting for their first attempt", labels).set(to: Double(backlog.pending))
            gauge("retrying", "zones", "Zones waiting for a retry", labels).set(to: Double(backlog.retrying))
            gauge("failed", "zones", "Zones whose retries are used up", labels).set(to: Double(backlog.failed))
            gauge("oldest_pending", "seconds", "Age of the oldest unapplied change", labels)
                .set(to: backlog.oldestChangeAt.map { max(0, now - $0) } ?? 0)
        }
        gauge("zones", "", "Zones present in the desired state").set(to: Double(try await store.presentZoneCount()))
    }

    private func json(_ value: some Encodable) throws -> Response {
        try .json(value, formatting: [.prettyPrinted, .sortedKeys])
    }

    private func text(_ status: Int, _ body: String) -> Response { .text(status, body) }
}
