import Foundation
import Hummingbird
import Operator
import Server

/// The zone page's diff and its actions: retry one backend, heal, roll back. An action's form
/// posts to `/ui/zones/D/ACTION`; without `confirm=yes` the answer is a confirmation page
/// holding the same form with `confirm=yes` (the script asks with `confirm()` and adds it
/// instead), so nothing changes on one click without script either.
extension ConsoleRoutes {
    enum ZoneAction: String {
        case retry, heal, rollback
    }

    func registerZonePages(on ui: RouterGroup<DadnsRequestContext>) {
        ui.get("/zones/:domain/diff") { request, context in
            try await page(request) { _ in try await diff(context.parameters.get("domain") ?? "", request: request) }
        }
        ui.post("/zones/:domain/:action") { request, context in
            try await withForm(request) { session, form in
                try await zoneAction(
                    context.parameters.get("domain") ?? "", action: context.parameters.get("action") ?? "", form: form, session: session)
            }
        }
    }

    /// `/ui/zones/D`, percent-encoded.
    static func zonePath(_ domain: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        return "/ui/zones/" + (domain.lowercased().addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }

    /// The diff page: `from` and `to` default as `dadns zone diff`'s do.
    func diff(_ domain: String, request: Request) async throws -> (template: String, title: String, data: [String: Any]) {
        let parameters = request.uri.queryParameters
        func generation(_ name: String) throws -> Int64? {
            guard let text = parameters.get(name), !text.isEmpty else { return nil }
            guard let value = Int64(text) else { throw HTTPError(.badRequest, message: "\(name) is a generation (a whole number)") }
            return value
        }
        do {
            let document = try await api.zoneDiff(domain, from: try generation("from"), to: try generation("to"))
            let listing = try await api.zoneHistory(domain)
            var generations = listing.versions.map(\.generation)
            // The current text counts as a version even when it was stored before history was kept.
            if listing.present, !generations.contains(listing.generation) { generations.insert(listing.generation, at: 0) }
            return ("diff", "\(document.domain): diff", ConsolePages.diff(document, generations: generations))
        } catch let error as OperatorQueryError {
            throw HTTPError(.notFound, message: "\(error)")
        } catch let error as ZoneHistoryError {
            throw HTTPError(Self.status(error), message: "\(error)")
        }
    }

    func zoneAction(_ domain: String, action name: String, form: [String: String], session: ConsoleSessions.Session) async throws -> Response {
        let domain = domain.lowercased()
        guard let action = ZoneAction(rawValue: name) else { return plain(.notFound, "no such action: \(name)\n") }
        guard let detail = try await api.zone(domain) else { return plain(.notFound, "\(domain) is not known\n") }
        let back = Self.zonePath(domain)
        let confirmed = form["confirm"] == "yes"
        func confirmation(_ question: String, _ fields: [(String, String)] = []) -> Response {
            confirmationPage(question: question, action: back + "/" + action.rawValue, fields: fields, back: back, session: session)
        }
        switch action {
        case .retry:
            let backend = form["backend"].flatMap { $0.isEmpty ? nil : $0 }
            guard confirmed else {
                return confirmation("Retry \(domain) on \(backend ?? "every backend") now?", backend.map { [("backend", $0)] } ?? [])
            }
            do {
                return redirect(back + "?retried=\(try await api.retry(backend: backend, zone: domain).queued)")
            } catch let error as OperatorQueryError {
                return plain(.badRequest, "\(error)\n")
            }
        case .heal:
            guard confirmed else {
                return confirmation("Heal \(domain): compare it with every backend and send it again where it is missing or different?")
            }
            let reports = try await api.healZone(domain)
            let sent = reports.filter { !$0.drifted.isEmpty || !$0.stale.isEmpty }.count
            let unchecked = reports.filter { $0.error != nil }.count
            return redirect(back + "?healed=\(sent)&unchecked=\(unchecked)" + (reports.contains(where: \.dryRun) ? "&dryRun=1" : ""))
        case .rollback:
            guard let text = form["to"], let to = Int64(text) else { return plain(.badRequest, "to=GENERATION is required\n") }
            guard confirmed else { return confirmation("Roll back \(domain) to generation \(to)?", [("to", String(to))]) }
            do {
                let result = try await api.rollback(domain, to: to)
                guard result.changed else { return redirect(back + "?unchanged=\(to)") }
                // The diff from what the zone held to what it holds now.
                return redirect(
                    back + "/diff?from=\(detail.zone.generation)&to=\(result.generation)&rolledBack=\(to)"
                        + (result.serialWarning == nil ? "" : "&serialWarning=1"))
            } catch let error as ZoneHistoryError {
                return plain(Self.status(error), "\(error)\n")
            }
        }
    }

    /// As `/api` answers: 404 for an unknown version, 409 for a deleted zone or nothing to
    /// compare, 422 for a version that does not parse.
    static func status(_ error: ZoneHistoryError) -> HTTPResponse.Status {
        switch error {
        case .unknownVersion: return .notFound
        case .zoneDeleted, .nothingToCompare: return .conflict
        case .unreadableVersion: return .unprocessableContent
        }
    }
}
