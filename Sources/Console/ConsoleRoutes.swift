import DirectAdmin
import Engine
import Foundation
import Hummingbird
import Metrics
import Mustache
import NIOCore
import Operator
import Server
import ZoneStore

/// The operator console under `/ui/`: a login form with the operator credentials
/// (`app.auth_*`) that starts a server-side session (cookie `dadns_session`: HttpOnly,
/// SameSite=Strict, Secure under TLS), and the pages Overview, Zones, and Failed and retrying,
/// all read through the operator API. Every POST carries the session's CSRF token (the login
/// form a token of its own, in a short-lived cookie); one without it is answered 403. Every
/// response carries the headers of `ConsoleSecurityHeaders`. A wrong login counts toward the
/// failed-login limiter, which answers 429 on every route once an address is blocked, and to
/// `dadns_auth_failures_total{endpoint="console"}`.
public struct ConsoleRoutes: RouterMount {
    static let sessionCookie = "dadns_session"
    static let loginCookie = "dadns_login"
    static let maxFormSize = 16 * 1024

    let api: any OperatorAPI
    let backendNames: [String]
    let credentials: BasicCredentials
    let sessions: ConsoleSessions
    let limiter: LoginFailureLimiter
    /// Whether the daemon serves TLS: the cookies are then `Secure`.
    let secureCookies: Bool
    let clock: @Sendable () -> Double
    /// The daemon's per-minute counts for the Overview's charts; nil leaves them out.
    let activity: ActivityHistory?
    let library: MustacheLibrary

    public init(
        api: any OperatorAPI, backendNames: [String], credentials: BasicCredentials, sessions: ConsoleSessions = ConsoleSessions(),
        limiter: LoginFailureLimiter, secureCookies: Bool, clock: @escaping @Sendable () -> Double, activity: ActivityHistory? = nil
    ) throws {
        self.activity = activity
        self.api = api
        self.backendNames = backendNames
        self.credentials = credentials
        self.sessions = sessions
        self.limiter = limiter
        self.secureCookies = secureCookies
        self.clock = clock
        library = try ConsoleTemplates.library()
    }

    public func register(on router: Router<DadnsRequestContext>) {
        let ui = router.group("/ui")
        ui.get("/assets/console.css") { _, _ in asset(ConsoleAssets.css, type: "text/css; charset=utf-8") }
        ui.get("/assets/console.js") { _, _ in asset(ConsoleAssets.javascript, type: "text/javascript; charset=utf-8") }
        ui.get("/login") { _, _ in loginForm(error: nil, status: .ok) }
        ui.post("/login") { request, context in try await login(request, context: context) }
        ui.post("/logout") { request, _ in try await withForm(request) { session, _ in logout(session) } }
        ui.get("/") { request, _ in try await page(request) { _ in try await overview() } }
        ui.get("/zones") { request, _ in try await page(request) { _ in try await zones(request) } }
        ui.get("/failed") { request, _ in try await page(request) { _ in try await failed() } }
        ui.get("/zones/:domain") { request, context in
            try await page(request) { _ in try await zone(context.parameters.get("domain") ?? "") }
        }
        ui.post("/retry") { request, _ in try await withForm(request) { _, form in try await retry(form) } }
        registerZonePages(on: ui)
        registerReconciler(on: ui)
    }

    /// The security headers, outside the failed-login limiter so its 429 carries them too.
    public func registerOuter(on router: Router<DadnsRequestContext>) {
        router.add(middleware: ConsoleSecurityHeaders())
    }

    // MARK: - Sessions

    func session(_ request: Request) -> ConsoleSessions.Session? {
        request.cookies[Self.sessionCookie].flatMap { sessions.session($0.value, at: clock()) }
    }

    func cookie(_ name: String, _ value: String, path: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: path, secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// A GET page: the login form's address without a session.
    func page(
        _ request: Request, _ build: (ConsoleSessions.Session) async throws -> (template: String, title: String, data: [String: Any])
    ) async throws -> Response {
        guard let session = session(request) else { return redirect("/ui/login") }
        let (template, title, data) = try await build(session)
        let notice = ConsoleNotice.text { request.uri.queryParameters.get($0) }
        return html(.ok, render(template, data: data, title: title, session: session, notice: notice))
    }

    /// A POST: refused (403) without a session or without its CSRF token.
    func withForm(
        _ request: Request, _ handle: (ConsoleSessions.Session, [String: String]) async throws -> Response
    ) async throws -> Response {
        let form = try await Self.form(request)
        guard let session = session(request) else { return plain(.forbidden, "not logged in: log in at /ui/login\n") }
        guard let token = form["csrf"], ConstantTime.equal(Array(token.utf8), Array(session.csrfToken.utf8)) else {
            return plain(.forbidden, "missing or wrong CSRF token: reload the page and try again\n")
        }
        return try await handle(session, form)
    }

    // MARK: - Login

    func loginForm(error: String?, status: HTTPResponse.Status) -> Response {
        let token = ConsoleSessions.randomToken()
        var data: [String: Any] = ["loginToken": token]
        if let error { data["error"] = error }
        var response = html(status, render("login", data: data, title: "Log in", session: nil, notice: nil))
        response.setCookie(cookie(Self.loginCookie, token, path: "/ui/login", maxAge: 3600))
        return response
    }

    func login(_ request: Request, context: DadnsRequestContext) async throws -> Response {
        let form = try await Self.form(request)
        guard let token = form["csrf"], let expected = request.cookies[Self.loginCookie]?.value,
            ConstantTime.equal(Array(token.utf8), Array(expected.utf8))
        else {
            return plain(.forbidden, "missing or wrong CSRF token: reload the login form and try again\n")
        }
        guard credentials.accept(username: form["username"] ?? "", password: form["password"] ?? "") else {
            Counter(label: "dadns_auth_failures_total", dimensions: [("endpoint", "console")]).increment()
            if let address = context.clientAddress {
                context.logger.warning("console login failed from \(address)")
                if case .blocked = limiter.recordFailure(address, at: clock()) {
                    context.logger.warning(
                        "\(limiter.limit) failed logins within \(Int(limiter.window)) s from \(address): its requests get 429 for \(Int(limiter.blockSeconds)) s")
                }
            }
            return loginForm(error: "Wrong user or password.", status: .unauthorized)
        }
        let session = sessions.create(at: clock())
        var response = redirect("/ui/")
        response.setCookie(cookie(Self.sessionCookie, session.id, path: "/ui", maxAge: Int(sessions.lifetime)))
        response.setCookie(cookie(Self.loginCookie, "", path: "/ui/login", maxAge: 0))
        return response
    }

    func logout(_ session: ConsoleSessions.Session) -> Response {
        sessions.end(session.id)
        var response = redirect("/ui/login")
        response.setCookie(cookie(Self.sessionCookie, "", path: "/ui", maxAge: 0))
        return response
    }

    // MARK: - Pages

    func overview() async throws -> (template: String, title: String, data: [String: Any]) {
        let charts = await activity?.document(now: clock())
        return ("overview", "Overview", ConsolePages.overview(try await api.status(), activity: charts))
    }

    func zones(_ request: Request) async throws -> (template: String, title: String, data: [String: Any]) {
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
        var search = ZoneSearch(parameters: parameters)
        if let backend = search.backend, !backendNames.contains(backend) { search.backend = nil }
        let found = try await search.find(in: api, backends: backendNames)
        return ("zones", "Zones", ConsolePages.zones(search, page: found, backends: backendNames))
    }

    func failed() async throws -> (template: String, title: String, data: [String: Any]) {
        let limit = 1000
        var pairs: [PairState] = []
        var more = false
        for state in [PairState.State.failed, .retrying] {
            let listed = try await api.zones(ZoneQuery(state: state, limit: limit)).pairs ?? []
            more = more || listed.count == limit
            pairs += listed
        }
        pairs.sort { ($0.domain, $0.backend) < ($1.domain, $1.backend) }
        return ("failed", "Failed and retrying", ConsolePages.failed(pairs, limit: limit, more: more))
    }

    /// The zone page; 404 for a zone not known here.
    func zone(_ domain: String) async throws -> (template: String, title: String, data: [String: Any]) {
        guard let detail = try await api.zone(domain) else { throw HTTPError(.notFound, message: "\(domain.lowercased()) is not known") }
        let history = ConsolePages.history(try await api.zoneHistory(domain))
        return ("zone", detail.zone.domain, ConsolePages.zone(detail).merging(history) { $1 })
    }

    /// Retry one pair (backend and zone given), or every failed and retrying pair; back to the
    /// failed list, or to the zone's page when the form says `back=zone`.
    func retry(_ form: [String: String]) async throws -> Response {
        let backend = form["backend"].flatMap { $0.isEmpty ? nil : $0 }
        let zone = form["zone"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            let result = try await api.retry(backend: backend, zone: zone)
            if form["back"] == "zone", let zone {
                return redirect(Self.zonePath(zone) + "?retried=\(result.queued)")
            }
            return redirect("/ui/failed?retried=\(result.queued)")
        } catch let error as OperatorQueryError {
            return plain(.badRequest, "\(error)\n")
        }
    }

    // MARK: - Responses

    func render(_ template: String, data: [String: Any], title: String, session: ConsoleSessions.Session?, notice: String?) -> String {
        // The session's token goes into the page's forms as well as the layout's logout form.
        let pageData = session.map { session in data.merging(["csrf": session.csrfToken]) { $1 } } ?? data
        var layout: [String: Any] = [
            "title": title, "body": library.render(pageData, withTemplate: template) ?? "", "loggedIn": session != nil,
            "csrf": session?.csrfToken ?? "", "onOverview": template == "overview", "onZones": template == "zones",
            "onFailed": template == "failed", "onReconciler": template == "reconciler",
        ]
        if let notice { layout["notice"] = notice }
        return library.render(layout, withTemplate: "layout") ?? ""
    }

    func html(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    func plain(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "max-age=300"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// 303: the browser GETs `location` (after a POST too).
    func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// The `application/x-www-form-urlencoded` body; the last value of a repeated key.
    static func form(_ request: Request) async throws -> [String: String] {
        var request = request
        let buffer = try await request.collectBody(upTo: maxFormSize)
        var fields: [String: String] = [:]
        for (key, value) in FormEncoding.decode(String(buffer: buffer)) { fields[key] = value }
        return fields
    }
}
