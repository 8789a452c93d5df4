import Engine
import Hummingbird

/// `/api/activity`: this node's pushes, applies and push-to-applied latency per minute over the
/// last 24 hours (`ActivityDocument`), kept in memory by the running daemon.
extension OperatorRoutes {
    func registerActivity(on group: RouterGroup<DadnsRequestContext>) {
        group.get("/api/activity") { _, _ -> Response in
            guard let activity = api.reporter.activity else { return Response.text(404, "no activity is kept here\n") }
            return try .json(await activity.document(now: api.clock()), formatting: [.sortedKeys])
        }
    }
}
