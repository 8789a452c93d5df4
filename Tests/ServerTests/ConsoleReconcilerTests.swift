@testable import Console
import DadnsTestKit
import DirectAdmin
import Engine
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Server
import Testing
import ZoneStore

/// The reconciler page and `/api/reconciler`: a dry-run pass against a fake DirectAdmin leaves an
/// orphan and a missing zone, approved or ignored through the console (login, CSRF, confirmation)
/// and the API.
@Suite(.serialized) struct ConsoleReconcilerTests {
    static func fixture(_ fake: FakeDirectAdmin) throws -> ServerFixture {
        try ServerFixture(
            mounts: { api, limiter in
                [
                    try ConsoleRoutes(
                        api: api, backendNames: api.backendNames, credentials: ServerFixture.user, limiter: limiter, secureCookies: false,
                        clock: { Date().timeIntervalSince1970 })
                ]
            },
            reconciler: { store in
                Reconciler(
                    settings: ReconcilerSettings(
                        servers: [DirectAdminServer(hostname: "127.0.0.1", port: fake.port, username: fake.username, password: fake.password, ssl: false)],
                        dryRun: true, timeout: .seconds(2)),
                    store: store, clock: { Date().timeIntervalSince1970 }, logger: Logger(label: "server-tests"))
            })
    }

    /// kept.example and gone.example pushed by 127.0.0.1; DirectAdmin lists kept.example and new.example.
    static func pass(_ fixture: ServerFixture, _ fake: FakeDirectAdmin, _ client: any TestClientProtocol) async throws {
        for domain in ["kept.example", "gone.example", "other.example"] {
            #expect(try await client.rawsave(domain, hostname: "127.0.0.1").status == .ok)
        }
        fake.setDomains(["kept.example", "new.example", "other.example"])
        let reconciler = try #require(fixture.reconciler)
        let report = await reconciler.reconcile()
        #expect(report.orphans == 1 && report.missing == 1, "\(report)")
    }

    @Test func theReconcilerPageListsTheCandidatesAndApprovesOrIgnoresThemWithTheTokenAfterAsking() async throws {
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        let fixture = try Self.fixture(fake)
        try await fixture.serve { client in
            try await Self.pass(fixture, fake, client)
            let anonymous = try await client.execute(uri: "/ui/reconciler", method: .get)
            #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/ui/login")
            let browser = try await ConsoleBrowser.loggedIn(client)
            let page = try await browser.get("/ui/reconciler")
            #expect(page.status == .ok)
            ConsoleRouteTests.expectSecurityHeaders(page)
            #expect(page.text.contains("<tr data-zone=\"gone.example\" data-kind=\"orphan\" data-state=\"orphan\">"), "\(page.text)")
            #expect(page.text.contains("<tr data-zone=\"new.example\" data-kind=\"missing\" data-state=\"missing\">"))
            #expect(page.text.contains("dry run: nothing is deleted"))
            #expect(page.text.contains("<tr data-server=\"127.0.0.1\">"))
            #expect(page.text.contains("<a href=\"/ui/reconciler\" aria-current=\"page\">Reconciler</a>"))

            // No token: refused. No confirmation: asked, nothing done.
            #expect(try await browser.post("/ui/reconciler/approve", form: "zone=gone.example&confirm=yes").status == .forbidden)
            let ask = try await browser.post("/ui/reconciler/approve", form: "csrf=\(browser.csrf)&zone=gone.example")
            #expect(ask.status == .ok && ask.text.contains("Approve gone.example: delete the orphan"))
            #expect(ask.text.contains("<input type=\"hidden\" name=\"zone\" value=\"gone.example\">"))
            #expect(ask.text.contains("<input type=\"hidden\" name=\"confirm\" value=\"yes\">"))
            #expect(try await fixture.store.zone("gone.example")?.present == true)

            let approved = try await browser.post("/ui/reconciler/approve", form: "csrf=\(browser.csrf)&zone=gone.example&confirm=yes")
            #expect(approved.status == .seeOther)
            let location = try #require(approved.headers[.location])
            #expect(location == "/ui/reconciler?decided=approve&zone=gone.example&kind=orphan&done=1")
            #expect(try await fixture.store.zone("gone.example")?.present == false)
            let after = try await browser.get(location)
            #expect(after.text.contains("gone.example deleted: the backends are removing it."))
            #expect(!after.text.contains("data-zone=\"gone.example\""))

            let ignored = try await browser.post("/ui/reconciler/ignore", form: "csrf=\(browser.csrf)&zone=new.example&confirm=yes")
            #expect(ignored.headers[.location] == "/ui/reconciler?decided=ignore&zone=new.example&kind=missing&done=1")
            let listed = try await browser.get("/ui/reconciler")
            #expect(listed.text.contains("<tr data-zone=\"new.example\" data-kind=\"missing\" data-state=\"ignored\">"))
            #expect(try await fixture.store.zone("new.example") == nil)
            #expect(try await browser.post("/ui/reconciler/approve", form: "csrf=\(browser.csrf)&zone=kept.example&confirm=yes").status == .notFound)
            #expect(try await browser.post("/ui/reconciler/delete", form: "csrf=\(browser.csrf)&zone=kept.example").status == .notFound)
        }
    }

    @Test func theAPIListsApprovesIgnoresAndUnignores() async throws {
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        let fixture = try Self.fixture(fake)
        try await fixture.serve { client in
            try await Self.pass(fixture, fake, client)
            let list = try await client.operatorRequest("/api/reconciler")
            #expect(list.status == .ok)
            let document = try JSONDecoder().decode(ReconcilerCandidates.self, from: Data(buffer: list.body))
            #expect(document.orphans.map(\.domain) == ["gone.example"] && document.missing.map(\.domain) == ["new.example"])
            #expect(document.lastPass?.dryRun == true)
            #expect(try await client.execute(uri: "/api/reconciler", method: .get).status == .unauthorized)

            let fetched = try await client.operatorRequest("/api/reconciler/approve?zone=new.example", method: .post)
            #expect(fetched.status == .ok, "\(fetched.text)")
            #expect(try JSONDecoder().decode(ReconcileDecision.self, from: Data(buffer: fetched.body)).done)
            #expect(try await fixture.store.zone("new.example")?.present == true)
            let ignored = try await client.operatorRequest("/api/reconciler/ignore?zone=gone.example", method: .post)
            #expect(ignored.status == .ok)
            #expect(try await client.operatorRequest("/api/reconciler/approve?zone=gone.example", method: .post).status == .notFound)
            #expect(try await client.operatorRequest("/api/reconciler/unignore?zone=gone.example", method: .post).status == .ok)
            #expect(try await client.operatorRequest("/api/reconciler/unignore?zone=gone.example", method: .post).status == .notFound)
            #expect(try await client.operatorRequest("/api/reconciler/approve", method: .post).status == .badRequest)
            #expect(try await client.operatorRequest("/api/reconciler/explode?zone=a.example", method: .post).status == .notFound)
            #expect(try await fixture.store.zone("gone.example")?.present == true)
        }
    }

    @Test func withoutAReconcilerThePageSaysSoAndTheAPIAnswers409() async throws {
        try await ConsoleRouteTests.fixture().serve { client in
            let browser = try await ConsoleBrowser.loggedIn(client)
            let page = try await browser.get("/ui/reconciler")
            #expect(page.status == .ok && page.text.contains("id=\"reconciler-off\""))
            #expect(try await client.operatorRequest("/api/reconciler").status == .conflict)
            #expect(try await browser.post("/ui/reconciler/ignore", form: "csrf=\(browser.csrf)&zone=a.example&confirm=yes").status == .conflict)
        }
    }
}
