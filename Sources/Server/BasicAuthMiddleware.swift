import Hummingbird

/// Basic auth in front of one route group: a request without these credentials is answered 401
/// in its realm's words and never reaches a route. One per realm — DirectAdmin, operator,
/// internal (peers) — each with its own credentials. `LoginFailureMiddleware`, on the whole
/// router, counts these 401s and blocks an address after too many.
public struct BasicAuthMiddleware: RouterMiddleware {
    public typealias Context = DadnsRequestContext
    let credentials: BasicCredentials
    let realm: BasicAuthRealm

    public init(credentials: BasicCredentials, realm: BasicAuthRealm) {
        self.credentials = credentials
        self.realm = realm
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard credentials.accept(request.headers[.authorization]) else {
            realm.refused?(request.uri.path, context.clientAddress)
            return .text(401, realm.body, contentType: realm.contentType, headers: [.wwwAuthenticate: "Basic realm=\"\(realm.name)\""])
        }
        return try await next(request, context)
    }
}
