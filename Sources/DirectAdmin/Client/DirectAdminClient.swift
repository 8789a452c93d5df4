import AsyncHTTPClient
import Foundation
import HTTPClientKit
import Logging
import NIOCore
import NIOHTTP1

/// Talks to one DirectAdmin server as an admin: lists its domains, fetches a zone's text and
/// manages its Multi-Server Setup. Basic auth first; when DirectAdmin (Evolution) answers
/// Basic auth with a redirect, it logs in with `POST /CMD_LOGIN` and uses the session cookie
/// from then on. Redirects are never followed. Every call has a time limit.
public actor DirectAdminClient {
    public nonisolated let server: DirectAdminServer
    /// Items per page for `CMD_DNS_ADMIN`.
    public nonisolated let itemsPerPage: Int
    let verifyCertificates: Bool
    let timeout: Duration
    let logger: Logger?
    /// The session cookies after a `CMD_LOGIN` (`name=value` pairs), nil while Basic auth works.
    var sessionCookies: [String]?

    /// Biggest answer read (a listing of a very large server stays far below).
    static let maxBodySize = 64 << 20

    /// Defaults the reconciler's settings (and so `reconciliation.ipp`, `timeout_seconds`) share.
    public enum Defaults {
        /// Items per page of `CMD_DNS_ADMIN`.
        public static let itemsPerPage = 1000
        /// Time limit of each call.
        public static let timeoutSeconds: Double = 30
    }

    public init(
        server: DirectAdminServer, itemsPerPage: Int = Defaults.itemsPerPage, verifyCertificates: Bool = true,
        timeout: Duration = .seconds(Defaults.timeoutSeconds),
        logger: Logger? = nil
    ) {
        self.server = server
        self.itemsPerPage = max(1, itemsPerPage)
        self.verifyCertificates = verifyCertificates
        self.timeout = timeout
        self.logger = logger
    }

    /// An answer as received.
    struct Answer {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]

        var isRedirect: Bool { [301, 302, 303, 307, 308].contains(status) }
        var isHTML: Bool {
            headers["content-type"].contains { $0.lowercased().contains("text/html") } || DomainListParsing.looksLikeHTML(body)
        }
    }

    // MARK: Transport

    /// Runs `body` with an HTTP client that is shut down afterwards, whatever happens.
    func withHTTP<T: Sendable>(_ body: (HTTPClient) async throws(DirectAdminClientError) -> T) async throws(DirectAdminClientError) -> T {
        try await HTTPClient.withoutRedirects(timeout: timeout, verifyCertificates: verifyCertificates).shutDownAfter(body)
    }

    /// One request with the current credentials (session cookie, else Basic auth).
    func send(
        _ http: HTTPClient, _ method: HTTPMethod, _ target: String, form: [(String, String)]? = nil, authenticate: Bool = true
    ) async throws(DirectAdminClientError) -> Answer {
        var request = HTTPClientRequest(url: server.baseURL + target)
        request.method = method
        if authenticate {
            if let sessionCookies {
                request.headers.add(name: "Cookie", value: sessionCookies.joined(separator: "; "))
            } else {
                let credentials = Data("\(server.username):\(server.password)".utf8).base64EncodedString()
                request.headers.add(name: "Authorization", value: "Basic " + credentials)
            }
        }
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: FormEncoding.encode(form)))
        }
        do {
            let response = try await http.execute(request, timeout: TimeAmount(timeout))
            let body = try await response.body.collect(upTo: Self.maxBodySize)
            return Answer(status: Int(response.status.code), headers: response.headers, body: Array(buffer: body))
        } catch {
            throw .classify(error, maxBodySize: Self.maxBodySize, verifySetting: "reconciliation.verify_ssl")
        }
    }

    /// A request that logs in with `CMD_LOGIN` when Basic auth is answered with a redirect,
    /// then tries once more; a second redirect is a failure.
    func authorized(
        _ http: HTTPClient, _ method: HTTPMethod, _ target: String, form: [(String, String)]? = nil
    ) async throws(DirectAdminClientError) -> Answer {
        let first = try await send(http, method, target, form: form)
        guard first.isRedirect else { return first }
        logger?.debug("[da:\(server.hostname)] Basic Auth redirected (HTTP \(first.status)) — attempting session login (DA Evo)")
        try await login(http)
        let second = try await send(http, method, target, form: form)
        guard !second.isRedirect else {
            logger?.error(
                "[da:\(server.hostname)] Still redirecting after session login — check that '\(server.username)' has admin-level access. Skipping.")
            throw .loginFailed("still redirected after the session login (is '\(server.username)' an admin?)")
        }
        return second
    }

    /// `POST /CMD_LOGIN`; keeps the session cookies it sets.
    func login(_ http: HTTPClient) async throws(DirectAdminClientError) {
        sessionCookies = nil
        let answer = try await send(
            http, .POST, "/CMD_LOGIN",
            form: [
                ("username", server.username), ("password", server.password),
                ("referer", "/CMD_DNS_ADMIN?json=yes&page=1&ipp=500"),
            ],
            authenticate: false)
        let cookies = answer.headers["set-cookie"].compactMap { header -> String? in
            let pair = header.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return pair.contains("=") && !pair.hasPrefix("=") ? pair : nil
        }
        guard !cookies.isEmpty else {
            logger?.error("[da:\(server.hostname)] CMD_LOGIN returned no session cookie — check username/password.")
            throw .loginFailed("CMD_LOGIN set no session cookie (check the user name and password)")
        }
        sessionCookies = cookies
        logger?.debug("[da:\(server.hostname)] Session login successful (DA Evo)")
    }

    static func query(_ text: String) -> String { FormEncoding.escape(text) }
}
