import Hummingbird
import Operator

/// `POST /api/probe[?zone=D][&backend=B]`: the served-state probe, run now (what `dadns probe` asks).
extension OperatorRoutes {
    func registerProbe(on group: RouterGroup<DadnsRequestContext>) {
        group.post("/api/probe") { request, _ -> Response in
            let parameters = request.uri.queryParameters
            do {
                return try .json(
                    try await api.probe(zone: parameters.get("zone"), backend: parameters.get("backend")),
                    formatting: [.prettyPrinted, .sortedKeys])
            } catch let error as OperatorQueryError {
                if case .unknownBackend = error { return .text(400, "\(error)\n") }
                return .text(404, "\(error)\n")
            } catch let error as ProbeUnavailable {
                return .text(409, "\(error)\n")
            }
        }
    }
}
