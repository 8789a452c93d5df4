import Engine
import Hummingbird
import NIOCore

/// The DirectAdmin endpoints over HTTP: a body limit, then the request (parameters from the
/// query string or an untyped body) goes to the `ZoneReceiver`, and its outcome is answered as
/// `DirectAdminResponse` says. Basic auth is the group's `BasicAuthMiddleware`.
public struct DirectAdminRoutes: Sendable {
    public static let paths = ["/CMD_API_LOGIN_TEST", "/CMD_API_DNS_ADMIN"]

    public let receiver: ZoneReceiver
    public let maxBodySize: Int

    public init(receiver: ZoneReceiver, maxBodySize: Int) {
        self.receiver = receiver
        self.maxBodySize = maxBodySize
    }

    public func register(on group: RouterGroup<DadnsRequestContext>) {
        for path in Self.paths {
            group.get(RouterPath(path)) { request, context in try await handle(request, context: context, path: path) }
            group.post(RouterPath(path)) { request, context in try await handle(request, context: context, path: path) }
        }
    }

    func handle(_ request: Request, context: DadnsRequestContext, path: String) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxBodySize)
        } catch is NIOTooManyBytesError {
            return response(.tooLarge(limit: maxBodySize))
        }
        let outcome = await receiver.handle(
            path: path, query: request.uri.query ?? "", body: Array(buffer: body), clientAddress: context.clientAddress)
        return response(DirectAdminResponse(outcome))
    }

    private func response(_ reply: DirectAdminResponse) -> Response { .text(reply.status, reply.body) }
}
