@testable import Console
import Engine
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Server
import Testing

/// `/api/activity` and the Overview's charts drawn from it, after real pushes through the
/// DirectAdmin route.
@Suite struct ActivityRouteTests {
    /// The routes with the console, on a clock pinned to the middle of the current minute, so a
    /// test's pushes all fall into one minute however slowly it runs.
    static func fixture(clock: @escaping @Sendable () -> Double = pinnedClock()) throws -> ServerFixture {
        try ServerFixture(
            mounts: { api, limiter in
                [
                    try ConsoleRoutes(
                        api: api, backendNames: api.backendNames, credentials: ServerFixture.user, limiter: limiter,
                        secureCookies: false, clock: clock, activity: api.reporter.activity)
                ]
            }, clock: clock)
    }

    /// A clock that always says the middle of the minute it was made in.
    static func pinnedClock() -> @Sendable () -> Double {
        let pinned = (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 + 30
        return { pinned }
    }

    @Test func apiActivityCountsTheStoredPushesOfTheLastDayPerMinute() async throws {
        let fixture = try Self.fixture()
        try await fixture.serve { client in
            #expect(try await client.execute(uri: "/api/activity", method: .get).status == .unauthorized)
            #expect(try await client.rawsave("a.example").status == .ok)
            #expect(try await client.rawsave("a.example").status == .ok)  // unchanged: accepted all the same
            #expect(try await client.directAdmin("/CMD_API_DNS_ADMIN?action=rawsave&domain=bad..name").status == .badRequest)  // refused
            #expect(try await client.directAdmin("/CMD_API_DNS_ADMIN?action=delete&domain=a.example&hostname=da1.example").status == .ok)

            let response = try await client.operatorRequest("/api/activity")
            #expect(response.status == .ok && response.headers[.contentType] == "application/json")
            let decoder = JSONDecoder()
            let document = try decoder.decode(ActivityDocument.self, from: Data(response.text.utf8))
            #expect(document.minutes == 1440 && document.stepSeconds == 60)
            #expect(document.pushes.reduce(0, +) == 3, "two saves and a delete; the refused save is not counted: \(document.pushes.suffix(3))")
            #expect(document.backends.map(\.name) == ServerFixture.backends)
            #expect(document.latency.max.allSatisfy { $0 == nil }, "nothing applied: no lane runs here")
            #expect(response.text.contains("\"start\":\"") && response.text.contains("\"p95\":[null,"))
        }
    }

    @Test func theOverviewDrawsPushesAppliesAndLatencyAsInlineSVG() async throws {
        let fixture = try Self.fixture()
        try await fixture.serve { client in
            let browser = try await ConsoleBrowser.loggedIn(client)
            var page = try await browser.get("/ui/").text
            for chart in ["pushes", "applies", "latency"] {
                #expect(page.contains("<svg class=\"chart\" data-chart=\"\(chart)\" data-empty=\"\(chart != "pushes" && chart != "applies")\""), "\(chart)")
            }
            #expect(page.contains("data-series=\"pushes\" d=\"M56,190 L708,190\""), "no push yet: the pushes line lies at zero")

            for domain in ["a.example", "b.example", "c.example"] { #expect(try await client.rawsave(domain).status == .ok) }
            // The lanes' reports, as a running daemon's lanes make them (tested in ActivityHistoryTests).
            await fixture.activity.recordApplies(
                backend: "bind", applied: 3, failed: 1, latencies: [0.2, 0.4, 1.5], at: fixture.clock())
            page = try await browser.get("/ui/").text
            #expect(page.contains("Activity of this node, last 24 hours"))
            for chart in ["pushes", "applies", "latency"] {
                #expect(page.contains("<svg class=\"chart\" data-chart=\"\(chart)\" data-empty=\"false\""), "\(chart)")
            }
            #expect(page.contains("data-series=\"pushes\" d=\"M"))
            #expect(page.contains("pushes: 3 in all, peak 3 per minute"))
            #expect(page.contains("data-series=\"bind applied\" d=\"M") && page.contains("bind applied: 3 in all"))
            #expect(page.contains("failed: 1 in all"))
            #expect(page.contains("data-series=\"max\" d=\"M") && page.contains("max: peak 1.5 s at"))
            #expect(page.contains("median: peak 0.5 s at"))
            #expect(!page.contains("<script>") && !page.contains(" style=\""), "no inline script or style: the CSP allows neither")
        }
    }
}
