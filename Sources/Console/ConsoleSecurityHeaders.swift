import Hummingbird
import Server

/// On every response to a path under `/ui` (its 404 and the limiter's 429 too, and an error a
/// route throws, answered here): a Content-Security-Policy that allows scripts, styles and images
/// from the daemon only (no inline script), no framing, no MIME sniffing, no referrer, no caching.
struct ConsoleSecurityHeaders: RouterMiddleware {
    typealias Context = DadnsRequestContext

    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// Headers HTTPTypes has no constant for (the names are valid tokens, so never dropped).
    static let namedHeaders: [(HTTPFields.Element.Name, String)] = [("X-Frame-Options", "DENY"), ("Referrer-Policy", "no-referrer")]
        .compactMap { name, value in HTTPFields.Element.Name(name).map { ($0, value) } }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.covers(request.uri.path) else { return try await next(request, context) }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        for (name, value) in Self.namedHeaders { response.headers[name] = value }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }

    /// `/ui` and the paths under it.
    static func covers(_ path: String) -> Bool { path == "/ui" || path.hasPrefix("/ui/") }
}
