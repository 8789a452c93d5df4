import Foundation
import Testing
import DadnsTestKit
@testable import DirectAdmin

/// The DirectAdmin client against the fake DirectAdmin: paging, session login, the legacy
/// format, time limits and answers that must be errors rather than lists.
@Suite("DirectAdmin client", .serialized)
struct DirectAdminClientTests {
    func client(_ fake: FakeDirectAdmin, ipp: Int = 1000, password: String? = nil, timeout: Duration = .seconds(5)) -> DirectAdminClient {
        DirectAdminClient(
            server: DirectAdminServer(
                hostname: "127.0.0.1", port: fake.port, username: fake.username, password: password ?? fake.password, ssl: false),
            itemsPerPage: ipp, timeout: timeout)
    }

    /// An error's text never holds the password.
    func expectNoSecret(_ error: DirectAdminClientError, _ fake: FakeDirectAdmin) {
        #expect(!error.description.contains(fake.password), "\(error)")
    }

    @Test func listsEveryPageCaseInsensitivelyAndDropsInvalidNames() async throws {
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        let names = ["Shop.Example", "a.example", "b.example", "c.example", "d.example", "bad name!.example", "e.example"]
        fake.setDomains(names)
        let listing = try await client(fake, ipp: 3).listDomains()
        #expect(listing.format == .json && listing.pages == 3)
        #expect(listing.domains.map(\.domain) == ["shop.example", "a.example", "b.example", "c.example", "d.example", "e.example"])
        #expect(listing.domains.first?.username == "bob")
        #expect(listing.invalid == ["bad name!.example"])
        let pages = fake.requests(to: "/CMD_DNS_ADMIN")
        #expect(pages.map { $0.query["page"] } == ["1", "2", "3"])
        #expect(pages.allSatisfy { $0.query["ipp"] == "3" && $0.query["json"] == "yes" && $0.headers["authorization"]?.hasPrefix("Basic ") == true })
        #expect(fake.requests(to: "/CMD_LOGIN").isEmpty)
    }

    @Test func basicAuthRedirectedLogsInAndUsesTheSessionCookie() async throws {
        let fake = try FakeDirectAdmin(mode: .loginRedirect)
        defer { fake.stop() }
        fake.setDomains(["a.example", "b.example", "c.example"])
        let client = client(fake, ipp: 2)
        let listing = try await client.listDomains()
        #expect(listing.domains.map(\.domain) == ["a.example", "b.example", "c.example"])
        let logins = fake.requests(to: "/CMD_LOGIN")
        #expect(logins.count == 1)
        #expect(logins.first?.method == "POST" && logins.first?.form["username"] == "admin" && logins.first?.form["password"] == fake.password)
        #expect(logins.first?.form["referer"] == "/CMD_DNS_ADMIN?json=yes&page=1&ipp=500")
        // First page: Basic (redirected), then the cookie for page 1 again and page 2.
        let pages = fake.requests(to: "/CMD_DNS_ADMIN")
        #expect(pages.count == 3)
        #expect(pages[0].headers["authorization"] != nil && pages[0].headers["cookie"] == nil)
        #expect(pages.dropFirst().allSatisfy { $0.headers["cookie"]?.contains("session=") == true && $0.headers["authorization"] == nil })
        // The session is kept for later calls.
        _ = try await client.zoneText("a.example")
        #expect(fake.requests(to: "/CMD_LOGIN").count == 1)
    }

    @Test func aLoginThatGivesNoSessionIsAnError() async throws {
        let fake = try FakeDirectAdmin(mode: .loginRedirect)
        defer { fake.stop() }
        fake.setDomains(["a.example"])
        // Basic with a wrong password is redirected too; the login then fails.
        await #expect(throws: DirectAdminClientError.self) { try await client(fake, password: "wrong").listDomains() }
        do {
            _ = try await client(fake, password: "wrong").listDomains()
        } catch {
            guard case .loginFailed = error else { Issue.record("expected loginFailed, got \(error)"); return }
            #expect(!error.description.contains("wrong"))
        }
    }

    @Test func fallsBackToTheLegacyListFormat() async throws {
        let fake = try FakeDirectAdmin(mode: .legacyOnly)
        defer { fake.stop() }
        fake.setDomains(["A.example", "b.example"])
        let listing = try await client(fake).listDomains()
        #expect(listing.format == .legacy)
        #expect(listing.domains.map(\.domain) == ["a.example", "b.example"])
        #expect(fake.requests(to: "/CMD_API_SHOW_ALL_DOMAINS").count == 1)
    }

    @Test func aSlowServerTimesOut() async throws {
        // The server would answer after 30 s; the client gives up after 0.5 s per request. The
        // bound only proves the client did not wait for the answer: a loaded test machine
        // (other suites blocking the cooperative pool) has taken 4.6 s to get back here.
        let fake = try FakeDirectAdmin(mode: .slow(seconds: 30))
        defer { fake.stop() }
        fake.setDomains(["a.example"])
        let started = Date()
        do {
            _ = try await client(fake, timeout: .milliseconds(500)).listDomains()
            Issue.record("a slow server gave a listing")
        } catch {
            #expect(error == .timedOut, "\(error)")
        }
        #expect(Date().timeIntervalSince(started) < 15)
    }

    @Test func failingGarbageAndUnreachableServersAreErrorsNotLists() async throws {
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        fake.setDomains(["a.example"])
        let expectations: [(FakeDirectAdmin.Mode, (DirectAdminClientError) -> Bool)] = [
            (.failing, { $0 == .httpStatus(500) }),
            (.garbageHTML, { $0 == .html }),
            (.garbageJSON, { if case .garbage = $0 { return true } else { return false } }),
        ]
        for (mode, check) in expectations {
            fake.mode = mode
            do {
                let listing = try await client(fake).listDomains()
                Issue.record("\(mode) gave a listing: \(listing)")
            } catch {
                #expect(check(error), "\(mode): \(error)")
                expectNoSecret(error, fake)
            }
        }
        let closed = try FreePort.find()
        let nowhere = DirectAdminClient(
            server: DirectAdminServer(hostname: "127.0.0.1", port: closed, username: "admin", password: "da-secret", ssl: false),
            timeout: .seconds(2))
        do {
            _ = try await nowhere.listDomains()
            Issue.record("a closed port gave a listing")
        } catch {
            guard case .unreachable = error else { Issue.record("expected unreachable, got \(error)"); return }
            expectNoSecret(error, fake)
        }
    }

    @Test func wrongCredentialsAreAnError() async throws {
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        fake.setDomains(["a.example"])
        await #expect(throws: DirectAdminClientError.httpStatus(401)) { try await client(fake, password: "nope").listDomains() }
    }

    @Test func fetchesAZoneText() async throws {
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        fake.setDomains(["a.example"])
        let text = try await client(fake).zoneText("a.example")
        #expect(String(decoding: text, as: UTF8.self).contains("a.example.\tIN\tSOA"))
        #expect(fake.requests(to: "/CMD_API_DNS_ADMIN").last?.query["domain"] == "a.example")
        await #expect(throws: DirectAdminClientError.self) { try await client(fake).zoneText("gone.example") }
    }

    @Test func registersThisNodeInTheMultiServerSetup() async throws {
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        let entry = MultiServerEntry(address: "192.0.2.53", port: 2222, username: "directdnsonly", password: "node-secret", ssl: true)
        #expect(try await client(fake).register(entry) == .added)
        let posts = fake.requests(to: "/CMD_MULTI_SERVER").filter { $0.method == "POST" }
        #expect(posts.count == 2)
        #expect(posts[0].form == [
            "action": "add", "json": "yes", "ip": "192.0.2.53", "port": "2222", "user": "directdnsonly", "passwd": "node-secret",
            "ssl": "yes",
        ])
        #expect(posts[1].form["action"] == "multiple" && posts[1].form["save"] == "yes" && posts[1].form["select0"] == "192.0.2.53")
        #expect(posts[1].form["dns-192.0.2.53"] == "yes" && posts[1].form["domain_check-192.0.2.53"] == "yes")
        #expect(fake.multiServers["192.0.2.53"]?["dns"] == "yes" && fake.multiServers["192.0.2.53"]?["domain_check"] == "yes")
        // Again: already there, saved without a second add.
        #expect(try await client(fake).register(entry) == .updated)
        #expect(fake.requests(to: "/CMD_MULTI_SERVER").filter { $0.form["action"] == "add" }.count == 1)
    }

    @Test func parsesTheTwoListingFormatsStrictly() {
        #expect(DomainListParsing.legacyList(Array("list[]=a.example&list[]=b.example".utf8)) == ["a.example", "b.example"])
        #expect(DomainListParsing.legacyList(Array("list[]=a.example\nlist[]=b.example\n".utf8)) == ["a.example", "b.example"])
        #expect(DomainListParsing.legacyList(Array("".utf8)) == [])
        #expect(DomainListParsing.legacyList(Array("{\"broken\": ".utf8)) == nil)
        #expect(DomainListParsing.legacyList(Array("<html><body>x</body></html>".utf8)) == nil)
        #expect(DomainListParsing.jsonPage(Array("{\"info\": {\"total_pages\": 1}}".utf8))?.entries.isEmpty == true)
        #expect(DomainListParsing.jsonPage(Array("{}".utf8)) == nil)
        #expect(DomainListParsing.jsonPage(Array("{\"0\": {\"name\": \"x\"}, \"info\": {}}".utf8)) == nil)
        #expect(DomainListParsing.jsonPage(Array("{\"1\": {\"domain\": \"b\"}, \"0\": {\"domain\": \"a\"}, \"info\": {\"total_pages\": \"2\"}}".utf8))
            .map { $0.entries.map(\.domain) + [String($0.totalPages)] } == ["a", "b", "2"])
    }
}
