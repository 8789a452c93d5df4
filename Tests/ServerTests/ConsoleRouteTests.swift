@testable import Console
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Server
import Testing
import ZoneStore

/// The console under /ui/ in process: login, session cookie, CSRF, security headers, the pages.
@Suite struct ConsoleRouteTests {
    static func fixture(limiter: LoginFailureLimiter = LoginFailureLimiter(), secureCookies: Bool = false) throws -> ServerFixture {
        try ServerFixture(limiter: limiter) { api, limiter in
            [
                try ConsoleRoutes(
                    api: api, backendNames: api.backendNames, credentials: ServerFixture.user, limiter: limiter,
                    secureCookies: secureCookies, clock: { Date().timeIntervalSince1970 })
            ]
        }
    }

    @Test func everyPageNeedsALoginAndCarriesTheSecurityHeaders() async throws {
        try await Self.fixture().serve { client in
            for path in ["/ui/", "/ui", "/ui/zones?q=a", "/ui/failed"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .seeOther, "\(path)")
                #expect(response.headers[.location] == "/ui/login", "\(path)")
                Self.expectSecurityHeaders(response)
            }
            // The operator's Basic credentials are not a console session.
            let basic = try await client.execute(uri: "/ui/", method: .get, headers: ServerFixture.authorization(ServerFixture.user))
            #expect(basic.status == .seeOther)
            let form = try await client.execute(uri: "/ui/login", method: .get)
            #expect(form.status == .ok && form.text.contains("<form method=\"post\" action=\"/ui/login\""))
            #expect(!form.text.contains("<script>") && form.text.contains("<script src=\"/ui/assets/console.js\""))
            Self.expectSecurityHeaders(form)
            let script = try await client.execute(uri: "/ui/assets/console.js", method: .get)
            #expect(script.status == .ok && script.headers[.contentType] == "text/javascript; charset=utf-8")
        }
    }

    @Test func aLoginStartsASessionAndLogoutEndsIt() async throws {
        try await Self.fixture().serve { client in
            let browser = try await ConsoleBrowser.loggedIn(client)
            #expect(browser.sessionCookie.contains("HttpOnly") && browser.sessionCookie.contains("SameSite=Strict"))
            #expect(!browser.sessionCookie.contains("Secure"))
            #expect(browser.session.count == 64 && browser.session.allSatisfy(\.isHexDigit))
            let overview = try await browser.get("/ui/")
            #expect(overview.status == .ok && overview.text.contains("<h1>Overview</h1>"))
            #expect(overview.text.contains("data-backend=\"bind\""))
            Self.expectSecurityHeaders(overview)

            // Logout without the token is refused and leaves the session; with it, ends it.
            #expect(try await browser.post("/ui/logout", form: "").status == .forbidden)
            #expect(try await browser.get("/ui/").status == .ok)
            let out = try await browser.post("/ui/logout", form: "csrf=\(browser.csrf)")
            #expect(out.status == .seeOther && out.headers[.location] == "/ui/login")
            let after = try await browser.get("/ui/")
            #expect(after.status == .seeOther && after.headers[.location] == "/ui/login")
        }
    }

    @Test func cookiesAreSecureUnderTLS() async throws {
        try await Self.fixture(secureCookies: true).serve { client in
            let browser = try await ConsoleBrowser.loggedIn(client)
            #expect(browser.sessionCookie.contains("Secure") && browser.sessionCookie.contains("HttpOnly"))
        }
    }

    @Test func aLoginWithoutItsTokenIsRefusedAndWrongPasswordsCountTowardTheLimiter() async throws {
        let limiter = LoginFailureLimiter(limit: 2, window: 60, blockSeconds: 60)
        try await Self.fixture(limiter: limiter).serve { client in
            let noToken = try await client.execute(
                uri: "/ui/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "username=directdnsonly&password=secret"))
            #expect(noToken.status == .forbidden)
            let form = try await client.execute(uri: "/ui/login", method: .get)
            let token = try #require(ConsoleBrowser.hiddenValue("csrf", in: form.text))
            let loginCookie = try #require(ConsoleBrowser.cookie(ConsoleBrowser.loginCookie, in: form))
            var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: "\(ConsoleBrowser.loginCookie)=\(loginCookie)"]
            let wrong = try await client.execute(
                uri: "/ui/login", method: .post, headers: headers, body: ByteBuffer(string: "csrf=\(token)&username=directdnsonly&password=nope"))
            #expect(wrong.status == .unauthorized && wrong.text.contains("Wrong user or password."))
            #expect(ConsoleBrowser.cookie(ConsoleBrowser.sessionCookieName, in: wrong) == nil)
            _ = try await client.execute(
                uri: "/ui/login", method: .post, headers: headers, body: ByteBuffer(string: "csrf=\(token)&username=x&password=y"))
            // Two failures within the window: the address is blocked, the right password too.
            headers[.cookie] = "\(ConsoleBrowser.loginCookie)=\(loginCookie)"
            let blocked = try await client.execute(
                uri: "/ui/login", method: .post, headers: headers,
                body: ByteBuffer(string: "csrf=\(token)&username=directdnsonly&password=secret"))
            #expect(blocked.status == .tooManyRequests)
        }
    }

    @Test func theZonesPageSearchesAndFilters() async throws {
        let fixture = try Self.fixture()
        try await fixture.serve { client in
            for domain in ["alpha.example", "beta.example", "alphabet.test"] {
                #expect(try await client.rawsave(domain).status == .ok)
            }
            #expect(try await client.rawsave("other.example", hostname: "da2.example").status == .ok)
            let browser = try await ConsoleBrowser.loggedIn(client)
            func zones(_ query: String) async throws -> [String] {
                let page = try await browser.get("/ui/zones?" + query)
                #expect(page.status == .ok)
                return ConsoleBrowser.attributeValues("data-zone", in: page.text)
            }
            #expect(try await zones("") == ["alpha.example", "alphabet.test", "beta.example", "other.example"])
            #expect(try await zones("q=alpha&match=prefix") == ["alpha.example", "alphabet.test"])
            #expect(try await zones("q=ta.ex&match=substring") == ["beta.example"])
            #expect(try await zones("q=ta.ex&match=prefix") == [])
            #expect(try await zones("host=da2.example") == ["other.example"])
            #expect(try await zones("state=pending&backend=bind&q=.test") == ["alphabet.test"])
            #expect(try await zones("state=failed") == [])
            let page = try await browser.get("/ui/zones?q=beta")
            #expect(page.text.contains("<tr data-zone=\"beta.example\" data-backend=\"bind\" data-state=\"pending\">"))
            #expect(page.text.contains("<a href=\"/ui/zones/beta.example\">"))
            // The form says what it searched for: its options' labels match their values.
            #expect(page.text.contains("<option value=\"prefix\">starts with</option><option value=\"substring\" selected>contains</option>"))
        }
    }

    @Test func theFailedPageListsFailedPairsAndRetriesThemWithTheToken() async throws {
        let fixture = try Self.fixture()
        try await fixture.serve { client in
            #expect(try await client.rawsave("broken.example").status == .ok)
            #expect(try await client.rawsave("fine.example").status == .ok)
            try await Self.attemptPending(fixture, error: "rndc: connection refused", usedUp: true, applied: ["fine.example"])
            let browser = try await ConsoleBrowser.loggedIn(client)
            let failed = try await browser.get("/ui/failed")
            #expect(failed.text.contains("<tr data-zone=\"broken.example\" data-backend=\"bind\" data-state=\"failed\">"))
            #expect(failed.text.contains("rndc: connection refused"))
            #expect(!failed.text.contains("data-zone=\"fine.example\""))

            #expect(try await browser.post("/ui/retry", form: "backend=bind&zone=broken.example").status == .forbidden)
            #expect(try await browser.post("/ui/retry", form: "csrf=wrong&backend=bind&zone=broken.example").status == .forbidden)
            let retried = try await browser.post("/ui/retry", form: "csrf=\(browser.csrf)&backend=bind&zone=broken.example")
            #expect(retried.status == .seeOther && retried.headers[.location] == "/ui/failed?retried=1")
            let pair = try #require(try await fixture.store.pairs(backends: ["bind"], domain: "broken.example").first)
            #expect((pair.nextAttemptAt ?? .infinity) <= Date().timeIntervalSince1970)
            #expect(try await browser.get("/ui/failed?retried=1").text.contains("1 pairs queued for a retry now."))
            let all = try await browser.post("/ui/retry", form: "csrf=\(browser.csrf)")
            #expect(all.status == .seeOther)
        }
    }

    /// Records an attempt at every pending pair of `bind`: applied for `applied`, else failed with
    /// `error` (`usedUp`: the pair becomes `failed`, else `retrying`), next attempt far off.
    static func attemptPending(_ fixture: ServerFixture, error: String, usedUp: Bool, applied: Set<String> = []) async throws {
        let now = Date().timeIntervalSince1970
        let pending = try await fixture.store.pending(backend: "bind", now: now, limit: 100)
        try await fixture.store.markSent(backend: "bind", domains: pending.map(\.domain))
        try await fixture.store.record(
            backend: "bind",
            outcomes: pending.map { ($0, applied.contains($0.domain) ? .applied : .failed(error: error, retryAt: now + 600, scheduleUsedUp: usedUp)) },
            at: now)
    }

    static func expectSecurityHeaders(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        let policy = response.headers[.contentSecurityPolicy] ?? ""
        #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"), sourceLocation: sourceLocation)
        #expect(!policy.contains("unsafe-inline"), sourceLocation: sourceLocation)
        #expect(response.headers[.xContentTypeOptions] == "nosniff", sourceLocation: sourceLocation)
        #expect(response.headers[HTTPFields.Element.Name("X-Frame-Options")!] == "DENY", sourceLocation: sourceLocation)
    }
}

/// A logged-in client: the session cookie and the CSRF token a page carries.
struct ConsoleBrowser {
    static let loginCookie = "dadns_login"
    static let sessionCookieName = "dadns_session"

    let client: any TestClientProtocol
    let session: String
    /// The `Set-Cookie` line that started the session.
    let sessionCookie: String
    let csrf: String

    static func loggedIn(_ client: any TestClientProtocol) async throws -> ConsoleBrowser {
        let form = try await client.execute(uri: "/ui/login", method: .get)
        let token = try #require(hiddenValue("csrf", in: form.text))
        let loginValue = try #require(cookie(loginCookie, in: form))
        let response = try await client.execute(
            uri: "/ui/login", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "\(loginCookie)=\(loginValue)"],
            body: ByteBuffer(string: "csrf=\(token)&username=directdnsonly&password=secret"))
        #expect(response.status == .seeOther && response.headers[.location] == "/ui/")
        let line = try #require(response.headers[values: .setCookie].first { $0.hasPrefix(sessionCookieName + "=") })
        let session = try #require(cookie(sessionCookieName, in: response))
        let page = try await client.execute(uri: "/ui/", method: .get, headers: [.cookie: "\(sessionCookieName)=\(session)"])
        let csrf = try #require(hiddenValue("csrf", in: page.text))
        return ConsoleBrowser(client: client, session: session, sessionCookie: line, csrf: csrf)
    }

    func get(_ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: "\(Self.sessionCookieName)=\(session)"])
    }

    func post(_ uri: String, form: String) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: .post,
            headers: [.cookie: "\(Self.sessionCookieName)=\(session)", .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: form))
    }

    /// The value a response's `Set-Cookie` gives `name`; nil when it sets none (or clears it).
    static func cookie(_ name: String, in response: TestResponse) -> String? {
        for line in response.headers[values: .setCookie] where line.hasPrefix(name + "=") {
            let value = line.dropFirst(name.count + 1).prefix { $0 != ";" }
            return value.isEmpty ? nil : String(value)
        }
        return nil
    }

    /// The value of the first hidden input called `name`.
    static func hiddenValue(_ name: String, in html: String) -> String? {
        attributeValues("value", in: html, after: "<input type=\"hidden\" name=\"\(name)\" ").first
    }

    /// Every value of `attribute="…"` in `html` (each after `marker` when given), in order.
    static func attributeValues(_ attribute: String, in html: String, after marker: String = "") -> [String] {
        var values: [String] = []
        var rest = html[...]
        while let start = rest.range(of: marker + attribute + "=\"") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            values.append(String(rest[..<end]))
            rest = rest[end...]
        }
        return values
    }
}

/// The console's pages over more data: paging, sorting, the overview's backend card.
@Suite struct ConsolePageTests {
    @Test func theZonesPageHoldsFiftyRowsAndLinksTheNextPage() async throws {
        try await ConsoleRouteTests.fixture().serve { client in
            let names = (0..<60).map { String(format: "z%02d.example", $0) }
            for name in names { #expect(try await client.rawsave(name).status == .ok) }
            let browser = try await ConsoleBrowser.loggedIn(client)
            let first = try await browser.get("/ui/zones")
            #expect(ConsoleBrowser.attributeValues("data-zone", in: first.text) == Array(names[..<50]))
            let next = try #require(ConsoleBrowser.attributeValues("href", in: first.text, after: "<a rel=\"next\" ").first)
            #expect(next == "/ui/zones?match=substring&amp;sort=name&amp;after=z49.example")
            let second = try await browser.get(next.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(ConsoleBrowser.attributeValues("data-zone", in: second.text) == Array(names[50...]))
            #expect(!second.text.contains("rel=\"next\""))
            let sorted = try await browser.get("/ui/zones?q=z0&sort=updated")
            #expect(ConsoleBrowser.attributeValues("data-zone", in: sorted.text) == names[..<10].reversed())
        }
    }

    @Test func theOverviewCardShowsABackendsFailuresAndTheReasons() async throws {
        let fixture = try ConsoleRouteTests.fixture()
        try await fixture.serve { client in
            #expect(try await client.rawsave("down.example").status == .ok)
            try await ConsoleRouteTests.attemptPending(fixture, error: "rndc: timed out", usedUp: true)
            let browser = try await ConsoleBrowser.loggedIn(client)
            let overview = try await browser.get("/ui/")
            #expect(overview.text.contains("<dt>Failed</dt><dd>1</dd>"), "\(overview.text)")
            #expect(overview.text.contains("<dt>Pending</dt><dd>0</dd>"))
            #expect(overview.text.contains("data-state=\"degraded\"") || overview.text.contains("data-state=\"error\""))
            #expect(overview.text.contains("<ul class=\"reasons\"><li>"))
        }
    }
}

@Suite struct ZoneSearchTests {
    @Test func aPrefixSearchStartsJustBeforeItsFirstPossibleName() {
        #expect(ZoneSearch.justBefore("d05") == "d04\u{7F}")
        #expect(ZoneSearch.justBefore("d05") < "d05" && "d04zzz.example" < ZoneSearch.justBefore("d05"))
        #expect(ZoneSearch(parameters: ["q": "D05", "match": "prefix"]).start == "d04\u{7F}")
        #expect(ZoneSearch(parameters: ["q": "d05", "match": "prefix", "after": "d055.example"]).start == "d055.example")
        #expect(ZoneSearch(parameters: ["q": "d05", "after": "b.example"]).start == "b.example")
    }
}

@Suite struct ConsoleZonePageTests {
    @Test func theZonePageShowsEachBackendsStateTheTextAndTheJournalAndRetriesBackToItself() async throws {
        let fixture = try ConsoleRouteTests.fixture()
        try await fixture.serve { client in
            #expect(try await client.rawsave("page.example", serial: 3).status == .ok)
            try await ConsoleRouteTests.attemptPending(fixture, error: "rndc: <refused>", usedUp: false)
            let browser = try await ConsoleBrowser.loggedIn(client)
            let page = try await browser.get("/ui/zones/PAGE.example")
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>page.example</h1>"))
            #expect(page.text.contains("<tr data-zone=\"page.example\" data-backend=\"bind\" data-state=\"retrying\">"))
            #expect(page.text.contains("rndc: &lt;refused&gt;") && !page.text.contains("<refused>"))
            #expect(page.text.contains("<pre class=\"zone-text\">page.example.") && page.text.contains("serial 3"))
            #expect(page.text.contains("<td>save</td><td>1</td><td>directadmin</td><td>da1.example</td>"), "\(page.text)")
            let retried = try await browser.post("/ui/retry", form: "csrf=\(browser.csrf)&backend=bind&zone=page.example&back=zone")
            #expect(retried.status == .seeOther && retried.headers[.location] == "/ui/zones/page.example?retried=1")
            #expect(try await browser.get("/ui/zones/nothing.example").status == .notFound)
            #expect(try await client.execute(uri: "/ui/zones/page.example", method: .get).status == .seeOther)
        }
    }
}
