import DirectAdmin
import Logging

/// How a realm answers a request without its credentials: the `WWW-Authenticate` realm, the
/// body in the form its clients read, and what it logs.
public struct BasicAuthRealm: Sendable {
    public let name: String
    public let contentType: String
    public let body: String
    /// Called with the path and client address of each refused request.
    let refused: (@Sendable (String, String?) -> Void)?

    /// DirectAdmin reads the body as `error=1&text=…`.
    public static let directAdmin = BasicAuthRealm(
        name: "dadns", contentType: "text/plain", body: DirectAdminReply.error("authentication required"), refused: nil)

    /// `/status`, `/metrics` and the `/api/…` the CLI uses.
    public static let operatorAPI = BasicAuthRealm(
        name: "dadns", contentType: "text/plain", body: "authentication required\n", refused: nil)

    /// `/internal/…`, which peers pull from: a realm of its own, JSON, and a log line per refusal.
    public static func peers(logger: Logger) -> BasicAuthRealm {
        BasicAuthRealm(name: "dadns-internal", contentType: "application/json", body: "{\"error\": \"authentication required\"}\n") {
            path, client in
            logger.info("[peer_sync] refused \(path) from \(client ?? "?"): bad or missing peer credentials")
        }
    }
}
