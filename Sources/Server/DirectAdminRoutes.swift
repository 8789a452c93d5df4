import DirectAdmin
import Hummingbird
import NIOCore

/// The DirectAdmin endpoints over HTTP: Basic auth (compared in constant time), a body limit,
/// parameters from the query string or an untyped body, url-encoded replies.
public struct DirectAdminRoutes: Sendable {
    public let receiver: ZoneReceiver
    public let username: String
    public let password: String?
    public let maxBodySize: Int

    public init(receiver: ZoneReceiver, username: String, password: String?, maxBodySize: Int) {
        self.receiver = receiver
        self.username = username
        self.password = password
        self.maxBodySize = maxBodySize
    }

    public func register(on router: Router<DadnsRequestContext>) {
        for path in ["/CMD_API_LOGIN_TEST", "/CMD_API_DNS_ADMIN"] {
            router.get(RouterPath(path)) { request, context in try await handle(request, context: context, path: path) }
            router.post(RouterPath(path)) { request, context in try await handle(request, context: context, path: path) }
        }
    }

    func handle(_ request: Request, context: DadnsRequestContext, path: String) async throws -> Response {
        guard authorized(request.headers[.authorization]) else {
            return Response(
                status: .unauthorized, headers: [.wwwAuthenticate: "Basic realm=\"dadns\"", .contentType: "text/plain"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: DirectAdminReply.error("authentication required"))))
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxBodySize)
        } catch is NIOTooManyBytesError {
            return reply(ZoneReceiver.Reply(status: 413, body: DirectAdminReply.error("request body larger than \(maxBodySize) bytes")))
        }
        let query = request.uri.query ?? ""
        switch DirectAdminRequestParser.parse(path: path, query: query, body: Array(buffer: body)) {
        case .failure(let error):
            context.logger.warning("refused \(path) from \(context.clientAddress ?? "?"): \(error.reason)")
            PushMetrics.countInvalid(path: path, query: query)
            return reply(ZoneReceiver.Reply(status: 400, body: DirectAdminReply.error(error.reason)))
        case .success(let command):
            return reply(await receiver.handle(command, clientAddress: context.clientAddress))
        }
    }

    private func reply(_ reply: ZoneReceiver.Reply) -> Response {
        Response(
            status: HTTPResponse.Status(code: reply.status), headers: [.contentType: "text/plain"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: reply.body)))
    }

    /// Basic auth against the configured user; without a password every request is refused.
    func authorized(_ header: String?) -> Bool {
        BasicCredentials(username: username, password: password).accept(header)
    }
}
