import Engine
import Foundation

/// The reconciler's candidates asked of the running daemon (`/api/reconciler…`).
extension DaemonClient {
    public func reconcilerCandidates() async throws -> ReconcilerCandidates {
        do {
            return try JSONDecoder().decode(ReconcilerCandidates.self, from: try await get("/api/reconciler"))
        } catch let refused as Refused where refused.status == 409 {
            throw ReconcileDecisionError.notRunning
        }
    }

    public func decide(_ action: ReconcileDecision.Action, _ domain: String) async throws -> ReconcileDecision {
        do {
            return try JSONDecoder().decode(
                ReconcileDecision.self, from: try await post("/api/reconciler/\(action.rawValue)" + Self.query([("zone", domain)])))
        } catch let refused as Refused where refused.status == 409 {
            throw ReconcileDecisionError.notRunning
        } catch let refused as Refused where refused.status == 404 && action == .unignore {
            throw ReconcileDecisionError.notIgnored(domain.lowercased())
        } catch let refused as Refused where refused.status == 404 {
            throw ReconcileDecisionError.notACandidate(domain.lowercased())
        }
    }
}
