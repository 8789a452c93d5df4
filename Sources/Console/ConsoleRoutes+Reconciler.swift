import Engine
import Hummingbird
import Operator
import Server

/// `/ui/reconciler`: the reconciler's candidates, approved or ignored one by one, each asking
/// first as the zone page's actions do.
extension ConsoleRoutes {
    func registerReconciler(on ui: RouterGroup<DadnsRequestContext>) {
        ui.get("/reconciler") { request, _ in
            try await page(request) { _ in
                let list: ReconcilerCandidates?
                do {
                    list = try await api.reconcilerCandidates()
                } catch ReconcileDecisionError.notRunning {
                    list = nil
                }
                return ("reconciler", "Reconciler", ConsolePages.reconciler(list))
            }
        }
        ui.post("/reconciler/:action") { request, context in
            try await withForm(request) { session, form in
                try await decide(context.parameters.get("action") ?? "", form: form, session: session)
            }
        }
    }

    func decide(_ name: String, form: [String: String], session: ConsoleSessions.Session) async throws -> Response {
        guard let action = ReconcileDecision.Action(rawValue: name) else { return plain(.notFound, "no such action: \(name)\n") }
        guard let zone = form["zone"].map({ $0.lowercased() }), !zone.isEmpty else { return plain(.badRequest, "zone is required\n") }
        guard form["confirm"] == "yes" else {
            let question: String
            switch action {
            case .approve: question = "Approve \(zone): delete the orphan from every backend, or fetch the missing zone now?"
            case .ignore: question = "Ignore \(zone): later passes leave it alone and stop listing it?"
            case .unignore: question = "Stop ignoring \(zone): the next pass considers it again?"
            }
            return confirmationPage(
                question: question, action: "/ui/reconciler/\(action.rawValue)", fields: [("zone", zone)], back: "/ui/reconciler", session: session)
        }
        do {
            let decision = try await api.decide(action, zone)
            return redirect(
                "/ui/reconciler?" + ConsoleFormat.query([
                    ("decided", action.rawValue), ("zone", decision.domain), ("kind", decision.kind.rawValue), ("done", decision.done ? "1" : "0"),
                ]))
        } catch let error as ReconcileDecisionError {
            switch error {
            case .notRunning: return plain(.conflict, "\(error)\n")
            case .notACandidate, .notIgnored: return plain(.notFound, "\(error)\n")
            case .ignoreListFailed: return plain(.internalServerError, "\(error)\n")
            }
        }
    }

    /// The confirmation page of a form posted without `confirm=yes`.
    func confirmationPage(question: String, action: String, fields: [(String, String)], back: String, session: ConsoleSessions.Session) -> Response {
        let data = ConsolePages.confirmation(question: question, action: action, fields: fields, back: back)
        return html(.ok, render("confirm", data: data, title: "Confirm", session: session, notice: nil))
    }
}
