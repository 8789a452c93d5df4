@testable import Console
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Server
import Testing
import ZoneStore

/// The zone page's history, its diff page, and its actions (retry, heal, roll back): each
/// action needs a login and the CSRF token, and asks first (a confirmation page) unless the
/// form says `confirm=yes`.
@Suite struct ConsoleZoneActionTests {
    /// `page.example` pushed three times: generations 1, 2, 3 with www at .1, .2, .3.
    static func threeVersions(_ client: any TestClientProtocol) async throws {
        for serial in 1...3 {
            let response = try await client.directAdmin(
                "/CMD_API_DNS_ADMIN?action=rawsave&domain=page.example&hostname=da1.example&username=bob",
                body: ServerFixture.zone("page.example", serial: serial, address: "192.0.2.\(serial)"))
            #expect(response.status == .ok)
        }
    }

    @Test func theZonePageListsTheVersionsAndTheDiffPageClassesItsLines() async throws {
        try await ConsoleRouteTests.fixture().serve { client in
            try await Self.threeVersions(client)
            let browser = try await ConsoleBrowser.loggedIn(client)
            let page = try await browser.get("/ui/zones/page.example")
            #expect(page.status == .ok)
            #expect(ConsoleBrowser.attributeValues("data-generation", in: page.text) == ["3", "2", "1"])
            #expect(page.text.contains("<tr data-zone=\"page.example\" data-generation=\"3\" data-source=\"directadmin\" data-current=\"yes\">"))
            // The radios choose the newest two; the current version has no rollback button.
            #expect(page.text.contains("name=\"to\" value=\"3\" form=\"zone-diff\" aria-label=\"diff to generation 3\" checked"))
            #expect(page.text.contains("name=\"from\" value=\"2\" form=\"zone-diff\" aria-label=\"diff from generation 2\" checked"))
            #expect(ConsoleBrowser.attributeValues("value", in: page.text, after: "<input type=\"hidden\" name=\"to\" ") == ["2", "1"])
            #expect(page.text.contains("<form method=\"get\" action=\"/ui/zones/page.example/diff\" id=\"zone-diff\""))
            #expect(page.text.contains("<form method=\"post\" action=\"/ui/zones/page.example/heal\" class=\"heal\">"))

            let diff = try await browser.get("/ui/zones/page.example/diff?from=1&to=3")
            #expect(diff.status == .ok)
            ConsoleRouteTests.expectSecurityHeaders(diff)
            #expect(diff.text.contains("<span class=\"diff-del\">-www.page.example.\t3600\tIN\tA\t192.0.2.1</span>"), "\(diff.text)")
            #expect(diff.text.contains("<span class=\"diff-add\">+www.page.example.\t3600\tIN\tA\t192.0.2.3</span>"))
            #expect(diff.text.contains("<span class=\"diff-hunk\">@@"))
            #expect(diff.text.contains("<option value=\"1\" selected>1</option>"))
            // Defaults as `dadns zone diff`: the version before the current one, and the current one.
            let latest = try await browser.get("/ui/zones/page.example/diff")
            #expect(latest.text.contains("+www.page.example.\t3600\tIN\tA\t192.0.2.3") && latest.text.contains("-www.page.example.\t3600\tIN\tA\t192.0.2.2"))
            let same = try await browser.get("/ui/zones/page.example/diff?from=2&to=2")
            #expect(same.text.contains("id=\"diff-same\""))
            #expect(try await browser.get("/ui/zones/page.example/diff?from=9").status == .notFound)
            #expect(try await browser.get("/ui/zones/page.example/diff?from=x").status == .badRequest)
            #expect(try await browser.get("/ui/zones/nothing.example/diff").status == .notFound)
            #expect(try await client.execute(uri: "/ui/zones/page.example/diff", method: .get).status == .seeOther)
        }
    }

    @Test func aRollbackAsksFirstThenStoresTheVersionAndShowsTheDiff() async throws {
        let fixture = try ConsoleRouteTests.fixture()
        try await fixture.serve { client in
            try await Self.threeVersions(client)
            let browser = try await ConsoleBrowser.loggedIn(client)
            // Without a session, or without the token: refused, nothing changes.
            let anonymous = try await client.execute(
                uri: "/ui/zones/page.example/rollback", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "to=1&confirm=yes"))
            #expect(anonymous.status == .forbidden)
            #expect(try await browser.post("/ui/zones/page.example/rollback", form: "to=1&confirm=yes").status == .forbidden)
            #expect(try await browser.post("/ui/zones/page.example/rollback", form: "csrf=wrong&to=1&confirm=yes").status == .forbidden)
            #expect(try await fixture.store.zone("page.example")?.generation == 3)

            // Without confirm=yes: the confirmation page, holding the same form with confirm=yes.
            let ask = try await browser.post("/ui/zones/page.example/rollback", form: "csrf=\(browser.csrf)&to=1")
            #expect(ask.status == .ok)
            ConsoleRouteTests.expectSecurityHeaders(ask)
            #expect(ask.text.contains("<p class=\"question\" id=\"question\">Roll back page.example to generation 1?</p>"))
            #expect(ask.text.contains("<form method=\"post\" action=\"/ui/zones/page.example/rollback\" class=\"confirm\">"))
            #expect(ask.text.contains("<input type=\"hidden\" name=\"to\" value=\"1\">"))
            #expect(ask.text.contains("<input type=\"hidden\" name=\"confirm\" value=\"yes\">"))
            #expect(ask.text.contains("<a href=\"/ui/zones/page.example\" id=\"cancel\">Cancel</a>"))
            #expect(try await fixture.store.zone("page.example")?.generation == 3)

            let done = try await browser.post("/ui/zones/page.example/rollback", form: "csrf=\(browser.csrf)&to=1&confirm=yes")
            #expect(done.status == .seeOther)
            let location = try #require(done.headers[.location])
            #expect(location == "/ui/zones/page.example/diff?from=3&to=4&rolledBack=1&serialWarning=1")
            let zone = try #require(try await fixture.store.zone("page.example"))
            #expect(zone.generation == 4 && zone.serial == 1)
            #expect(try await fixture.store.historyVersions(of: "page.example").first?.source == "cli")
            let diff = try await browser.get(location)
            #expect(diff.text.contains("Rolled back to generation 1"))
            #expect(diff.text.contains("<span class=\"diff-del\">-www.page.example.\t3600\tIN\tA\t192.0.2.3</span>"))
            #expect(diff.text.contains("<span class=\"diff-add\">+www.page.example.\t3600\tIN\tA\t192.0.2.1</span>"))

            // The same version again changes nothing; an unknown one is 404; `to` is required.
            let again = try await browser.post("/ui/zones/page.example/rollback", form: "csrf=\(browser.csrf)&to=1&confirm=yes")
            #expect(again.headers[.location] == "/ui/zones/page.example?unchanged=1")
            #expect(try await browser.post("/ui/zones/page.example/rollback", form: "csrf=\(browser.csrf)&to=77&confirm=yes").status == .notFound)
            #expect(try await browser.post("/ui/zones/page.example/rollback", form: "csrf=\(browser.csrf)&confirm=yes").status == .badRequest)
            #expect(try await browser.post("/ui/zones/nothing.example/rollback", form: "csrf=\(browser.csrf)&to=1").status == .notFound)
            #expect(try await browser.post("/ui/zones/page.example/explode", form: "csrf=\(browser.csrf)").status == .notFound)
        }
    }

    @Test func retryAndHealAskFirstAndActWithTheConfirmation() async throws {
        let fixture = try ConsoleRouteTests.fixture()
        try await fixture.serve { client in
            #expect(try await client.rawsave("page.example").status == .ok)
            try await ConsoleRouteTests.attemptPending(fixture, error: "rndc: refused", usedUp: true)
            let browser = try await ConsoleBrowser.loggedIn(client)
            let page = try await browser.get("/ui/zones/page.example")
            #expect(page.text.contains("<form method=\"post\" action=\"/ui/zones/page.example/retry\">"))
            #expect(page.text.contains("data-confirm=\"Retry page.example on bind now?\""))

            #expect(try await browser.post("/ui/zones/page.example/retry", form: "backend=bind&confirm=yes").status == .forbidden)
            let ask = try await browser.post("/ui/zones/page.example/retry", form: "csrf=\(browser.csrf)&backend=bind")
            #expect(ask.status == .ok && ask.text.contains("Retry page.example on bind now?"))
            #expect(ask.text.contains("<input type=\"hidden\" name=\"backend\" value=\"bind\">"))
            let waiting = try #require(try await fixture.store.pairs(backends: ["bind"], domain: "page.example").first)
            #expect((waiting.nextAttemptAt ?? 0) > Date().timeIntervalSince1970 + 60)

            let retried = try await browser.post("/ui/zones/page.example/retry", form: "csrf=\(browser.csrf)&backend=bind&confirm=yes")
            #expect(retried.status == .seeOther && retried.headers[.location] == "/ui/zones/page.example?retried=1")
            let due = try #require(try await fixture.store.pairs(backends: ["bind"], domain: "page.example").first)
            #expect((due.nextAttemptAt ?? .infinity) <= Date().timeIntervalSince1970)
            #expect(try await browser.post("/ui/zones/page.example/retry", form: "csrf=\(browser.csrf)&backend=nsd&confirm=yes").status == .badRequest)

            let askHeal = try await browser.post("/ui/zones/page.example/heal", form: "csrf=\(browser.csrf)")
            #expect(askHeal.status == .ok && askHeal.text.contains("Heal page.example: compare it with every backend"))
            // These routes run no lanes: the backend cannot be checked, and the page says so.
            let healed = try await browser.post("/ui/zones/page.example/heal", form: "csrf=\(browser.csrf)&confirm=yes")
            #expect(healed.status == .seeOther && healed.headers[.location] == "/ui/zones/page.example?healed=0&unchecked=1")
            #expect(try await browser.get("/ui/zones/page.example?healed=0&unchecked=1").text.contains("1 backend(s) could not be checked"))
        }
    }

    @Test func aMissingPageAndTheLimitersRefusalCarryTheSecurityHeaders() async throws {
        let limiter = LoginFailureLimiter(limit: 1, window: 60, blockSeconds: 60)
        try await ConsoleRouteTests.fixture(limiter: limiter).serve { client in
            let missing = try await client.execute(uri: "/ui/no/such/page", method: .get)
            #expect(missing.status == .notFound)
            ConsoleRouteTests.expectSecurityHeaders(missing)
            let browser = try await ConsoleBrowser.loggedIn(client)
            let unknownZone = try await browser.get("/ui/zones/nothing.example")
            #expect(unknownZone.status == .notFound)
            ConsoleRouteTests.expectSecurityHeaders(unknownZone)
            // Paths outside /ui are left as they were.
            #expect(try await client.execute(uri: "/nowhere", method: .get).headers[.contentSecurityPolicy] == nil)

            let wrong = try await client.execute(uri: "/status", method: .get, headers: ServerFixture.authorization("directdnsonly", "nope"))
            #expect(wrong.status == .unauthorized)
            let blocked = try await client.execute(uri: "/ui/login", method: .get)
            #expect(blocked.status == .tooManyRequests)
            ConsoleRouteTests.expectSecurityHeaders(blocked)
        }
    }
}
