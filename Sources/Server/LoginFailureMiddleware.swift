import DirectAdmin
import Foundation
import Hummingbird
import Metrics
import NIOCore

/// In front of every route with Basic auth (DirectAdmin, operator, `/internal`): a request from
/// an address the `LoginFailureLimiter` blocked is answered 429 with `Retry-After`, a correct
/// login included; a request that presented credentials and was answered 401 is a failed login:
/// logged with the client address and the user name (never the password), counted in
/// `dadns_auth_failures_total{endpoint}`, and fed to the limiter. `/health` carries no
/// credentials and is never blocked (load balancers poll it).
public struct LoginFailureMiddleware: RouterMiddleware {
    public typealias Context = DadnsRequestContext
    let limiter: LoginFailureLimiter
    let clock: @Sendable () -> Double

    public init(limiter: LoginFailureLimiter, clock: @escaping @Sendable () -> Double) {
        self.limiter = limiter
        self.clock = clock
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.uri.path != "/health", let address = context.clientAddress else {
            return try await next(request, context)
        }
        if let seconds = limiter.blockedFor(address, at: clock()) {
            return Response(
                status: .tooManyRequests, headers: [.retryAfter: String(seconds), .contentType: "text/plain"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: Self.tooManyBody(request.uri.path, seconds: seconds))))
        }
        let response = try await next(request, context)
        guard response.status == .unauthorized, let header = request.headers[.authorization] else { return response }
        let endpoint = Self.endpoint(request.uri.path)
        Counter(label: "dadns_auth_failures_total", dimensions: [("endpoint", endpoint)]).increment()
        let user = Self.userName(header)
        context.logger.warning("login failed on \(request.uri.path) from \(address) as user \(user)")
        if case .blocked = limiter.recordFailure(address, at: clock()) {
            context.logger.warning(
                "\(limiter.limit) failed logins within \(Int(limiter.window)) s from \(address): its requests get 429 for \(Int(limiter.blockSeconds)) s")
        }
        return response
    }

    /// The label of `dadns_auth_failures_total`: which credentials were wrong.
    static func endpoint(_ path: String) -> String {
        if path.hasPrefix("/CMD_") { return "directadmin" }
        if path.hasPrefix("/internal") { return "internal" }
        return "operator"
    }

    /// DirectAdmin reads the body as `error=1&text=…`; others read the text.
    static func tooManyBody(_ path: String, seconds: Int) -> String {
        let text = "too many failed logins from this address; try again in \(seconds) s"
        return path.hasPrefix("/CMD_") ? DirectAdminReply.error(text) : text + "\n"
    }

    /// The user name of a Basic `Authorization` header, quoted and cut to printable ASCII for the
    /// log; the password after the colon is never looked at.
    static func userName(_ header: String) -> String {
        guard header.lowercased().hasPrefix("basic "),
            let decoded = Base64Decoding.decode(header.dropFirst(6).trimmingCharacters(in: .whitespaces))
        else { return "(not Basic credentials)" }
        let user = decoded.prefix(while: { $0 != UInt8(ascii: ":") }).prefix(64)
        let printable = user.map { (0x20..<0x7F).contains($0) && $0 != UInt8(ascii: "'") ? Character(UnicodeScalar($0)) : "?" }
        return "'" + String(printable) + "'"
    }
}
