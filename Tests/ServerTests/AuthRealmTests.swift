import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing

/// Basic auth per realm: each group answers a missing or wrong login in its own words, and one
/// realm's credentials are worth nothing in another; too many failures block the address.
@Suite("Routes: Basic auth per realm")
struct AuthRealmTests {
    @Test func eachRealmRefusesInItsOwnWords() async throws {
        try await ServerFixture().serve { client async throws in
            let directAdmin = try await client.execute(uri: "/CMD_API_LOGIN_TEST", method: .get)
            #expect(directAdmin.status == .unauthorized)
            #expect(directAdmin.headers[.wwwAuthenticate] == "Basic realm=\"dadns\"")
            #expect(directAdmin.headers[.contentType] == "text/plain")
            #expect(directAdmin.text == "error=1&text=authentication%20required")

            let operatorView = try await client.execute(uri: "/status", method: .get)
            #expect(operatorView.status == .unauthorized)
            #expect(operatorView.headers[.wwwAuthenticate] == "Basic realm=\"dadns\"")
            #expect(operatorView.headers[.contentType] == "text/plain")
            #expect(operatorView.text == "authentication required\n")

            let peers = try await client.execute(uri: "/internal/zones", method: .get)
            #expect(peers.status == .unauthorized)
            #expect(peers.headers[.wwwAuthenticate] == "Basic realm=\"dadns-internal\"")
            #expect(peers.headers[.contentType] == "application/json")
            #expect(peers.text == "{\"error\": \"authentication required\"}\n")
        }
    }

    @Test func aWrongPasswordAndAnotherRealmsCredentialsAreRefused() async throws {
        try await ServerFixture().serve { client async throws in
            let wrong = ServerFixture.authorization("directdnsonly", "guess")
            #expect(try await client.execute(uri: "/CMD_API_LOGIN_TEST", method: .get, headers: wrong).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/zones", method: .get, headers: wrong).status == .unauthorized)
            let peer = ServerFixture.authorization(ServerFixture.peer)
            #expect(try await client.execute(uri: "/CMD_API_LOGIN_TEST", method: .get, headers: peer).status == .unauthorized)
            #expect(try await client.execute(uri: "/status", method: .get, headers: peer).status == .unauthorized)
            let app = ServerFixture.authorization(ServerFixture.user)
            #expect(try await client.execute(uri: "/internal/zones", method: .get, headers: app).status == .unauthorized)

            let login = try await client.directAdmin("/CMD_API_LOGIN_TEST", method: .get)
            #expect(login.status == .ok && login.text == "error=0&text=Login%20OK")
            #expect(try await client.execute(uri: "/internal/peers", method: .get, headers: peer).text == "[\"https://peer.example:2222\"]\n")
        }
    }

    @Test func withoutAPasswordEveryLoginIsRefused() async throws {
        let fixture = try ServerFixture(appCredentials: BasicCredentials(username: "directdnsonly", password: nil))
        try await fixture.serve { client async throws in
            let empty = ServerFixture.authorization("directdnsonly", "")
            #expect(try await client.execute(uri: "/CMD_API_LOGIN_TEST", method: .get, headers: empty).status == .unauthorized)
            #expect(try await client.execute(uri: "/status", method: .get, headers: empty).status == .unauthorized)
        }
    }

    @Test func failedLoginsBlockTheAddressButNotHealth() async throws {
        let fixture = try ServerFixture(limiter: LoginFailureLimiter(limit: 3, window: 60, blockSeconds: 60))
        try await fixture.serve { client async throws in
            let wrong = ServerFixture.authorization("mallory", "guess")
            for uri in ["/CMD_API_LOGIN_TEST", "/status", "/internal/zones"] {
                #expect(try await client.execute(uri: uri, method: .get, headers: wrong).status == .unauthorized)
            }
            // Blocked now: the right password too, in DirectAdmin's shape on its endpoints.
            let directAdmin = try await client.directAdmin("/CMD_API_LOGIN_TEST", method: .get)
            #expect(directAdmin.status == .tooManyRequests)
            #expect(Int(directAdmin.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(directAdmin.text.hasPrefix("error=1&text=too%20many%20failed%20logins"), "\(directAdmin.text)")
            let operatorView = try await client.operatorRequest("/status")
            #expect(operatorView.status == .tooManyRequests)
            #expect(operatorView.text.hasPrefix("too many failed logins from this address; try again in "), "\(operatorView.text)")
            // /health carries no credentials and is never blocked.
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok, "\(health.text)")
        }
        #expect(fixture.limiter.blockedFor("127.0.0.1", at: Date().timeIntervalSince1970) != nil)
    }
}
