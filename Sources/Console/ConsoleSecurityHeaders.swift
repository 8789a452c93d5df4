import Hummingbird
import Server

/// On every `/ui` response: a Content-Security-Policy that allows scripts, styles and images
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
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        for (name, value) in Self.namedHeaders { response.headers[name] = value }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
