import Engine
import Hummingbird
import Operator

/// `GET /api/reconciler` (the last pass, its candidates, the ignore list) and
/// `POST /api/reconciler/approve?zone=D`, `/ignore?zone=D`, `/unignore?zone=D`, behind the operator realm.
extension OperatorRoutes {
    func registerReconciler(on group: RouterGroup<DadnsRequestContext>) {
        group.get("/api/reconciler") { _, _ in try await decided { try await api.reconcilerCandidates() } }
        group.post("/api/reconciler/:action") { request, context -> Response in
            guard let action = ReconcileDecision.Action(rawValue: context.parameters.get("action") ?? "") else {
                return .text(404, "no such action: approve, ignore or unignore\n")
            }
            guard let zone = request.uri.queryParameters.get("zone"), !zone.isEmpty else { return .text(400, "zone=DOMAIN is required\n") }
            return try await decided { try await api.decide(action, zone) }
        }
    }

    /// The document as JSON, or the refusal: 409 without a running reconciler, 404 for a zone
    /// that is not a candidate, 500 when the ignore list cannot be written.
    private func decided(_ query: () async throws -> some Encodable) async throws -> Response {
        do {
            return try .json(try await query(), formatting: [.prettyPrinted, .sortedKeys])
        } catch let error as ReconcileDecisionError {
            switch error {
            case .notRunning: return .text(409, "\(error)\n")
            case .notACandidate, .notIgnored: return .text(404, "\(error)\n")
            case .ignoreListFailed: return .text(500, "\(error)\n")
            }
        }
    }
}
