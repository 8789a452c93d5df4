import Hummingbird
import Operator

/// `/api/zones/:domain/history`, `/diff`, `/rollback` and `/heal`: the zone history behind the operator
/// realm, answered by the `OperatorAPI` like the CLI's offline view.
extension OperatorRoutes {
    func registerHistory(on group: RouterGroup<DadnsRequestContext>) {
        group.get("/api/zones/:domain/history") { _, context in
            try await answer { try await api.zoneHistory(context.parameters.get("domain") ?? "") }
        }
        group.get("/api/zones/:domain/diff") { request, context -> Response in
            let parameters = request.uri.queryParameters
            let from = parameters.get("from"), to = parameters.get("to")
            if [from, to].contains(where: { $0 != nil && Int64($0 ?? "") == nil }) {
                return Response.text(400, "from and to are generations (whole numbers)\n")
            }
            return try await answer {
                try await api.zoneDiff(context.parameters.get("domain") ?? "", from: from.flatMap { Int64($0) }, to: to.flatMap { Int64($0) })
            }
        }
        group.post("/api/zones/:domain/rollback") { request, context -> Response in
            guard let text = request.uri.queryParameters.get("to"), let to = Int64(text) else {
                return Response.text(400, "to=GENERATION is required\n")
            }
            return try await answer { try await api.rollback(context.parameters.get("domain") ?? "", to: to) }
        }
        group.post("/api/zones/:domain/heal") { _, context in
            try await answer { try await api.healZone(context.parameters.get("domain") ?? "") }
        }
    }

    /// The document as JSON, or the refusal in words: 404 for an unknown zone or version, 409
    /// for a deleted zone or nothing to compare, 422 for a version that does not parse.
    private func answer(_ query: () async throws -> some Encodable) async throws -> Response {
        do {
            return try .json(try await query(), formatting: [.prettyPrinted, .sortedKeys])
        } catch let error as OperatorQueryError {
            return .text(404, "\(error)\n")
        } catch let error as ZoneHistoryError {
            switch error {
            case .unknownVersion: return .text(404, "\(error)\n")
            case .zoneDeleted, .nothingToCompare: return .text(409, "\(error)\n")
            case .unreadableVersion: return .text(422, "\(error)\n")
            }
        }
    }
}
