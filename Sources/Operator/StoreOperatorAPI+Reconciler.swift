import Engine

/// The reconciler's candidates, answered by the running daemon's reconciler.
extension StoreOperatorAPI {
    public func reconcilerCandidates() async throws -> ReconcilerCandidates {
        guard let reconciler = reporter.reconciler else { throw ReconcileDecisionError.notRunning }
        return await reconciler.candidateList()
    }

    public func decide(_ action: ReconcileDecision.Action, _ domain: String) async throws -> ReconcileDecision {
        guard let reconciler = reporter.reconciler else { throw ReconcileDecisionError.notRunning }
        switch action {
        case .approve: return try await reconciler.approve(domain)
        case .ignore: return try await reconciler.ignore(domain)
        case .unignore: return try await reconciler.unignore(domain)
        }
    }
}
