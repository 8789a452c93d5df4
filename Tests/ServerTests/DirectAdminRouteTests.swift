import Engine
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Server
import Testing
import ZoneStore

/// The DirectAdmin endpoints: each intake outcome answered with its status and reply.
@Suite("Routes: DirectAdmin")
struct DirectAdminRouteTests {
    @Test func aRawsaveIsStoredThenHeldUnchanged() async throws {
        let fixture = try ServerFixture()
        try await fixture.serve { client async throws in
            let first = try await client.rawsave("a.example")
            #expect(first.status == .ok && first.text == "error=0")
            #expect(first.headers[.contentType] == "text/plain")
            let stored = try #require(try await fixture.store.zone("a.example"))
            #expect(stored.present && stored.generation == 1 && stored.hostname == "da1.example" && stored.username == "bob")

            let again = try await client.rawsave("a.example")
            #expect(again.status == .ok && again.text == "error=0")
            #expect(try await fixture.store.zone("a.example")?.generation == 1, "the same content stored again")

            let changed = try await client.rawsave("a.example", serial: 2)
            #expect(changed.text == "error=0")
            #expect(try await fixture.store.zone("a.example")?.generation == 2)
        }
    }

    /// One layer down: the receiver's outcomes, without HTTP (a new zone, one already held, a bad
    /// request, a foreign delete).
    @Test func theReceiverSaysWhatBecameOfEachRequest() async throws {
        let store = try SQLiteZoneStore.inMemory()
        let receiver = ZoneReceiver(store: store, reportParentOwner: false, logger: Logger(label: "test"), clock: { 5 })
        let body = Array(buffer: ServerFixture.zone("u.example"))
        let query = "action=rawsave&domain=u.example&hostname=da1.example"
        #expect(await receiver.handle(path: "/CMD_API_DNS_ADMIN", query: query, body: body, clientAddress: nil) == .accepted(changed: true))
        #expect(await receiver.handle(path: "/CMD_API_DNS_ADMIN", query: query, body: body, clientAddress: nil) == .accepted(changed: false))
        #expect(await receiver.handle(path: "/CMD_API_DNS_ADMIN", query: "domain=u.example", body: [], clientAddress: nil) == .invalidRequest(reason: "missing action"))
        let foreign = await receiver.handle(.delete(domains: ["u.example"], hostname: "da2.example", username: nil), clientAddress: nil)
        #expect(foreign == .deleteRefused([.init(domain: "u.example", owner: "da1.example")]))
        let unchanged = DirectAdminResponse(.accepted(changed: false))
        #expect(unchanged.status == 200 && unchanged.body == "error=0")
    }

    @Test func existsAnswersForTheZoneAndItsAncestors() async throws {
        try await ServerFixture().serve { client async throws in
            #expect(try await client.directAdmin("/CMD_API_DNS_ADMIN?action=exists&domain=b.example", method: .get).text == "error=0&exists=0")
            _ = try await client.rawsave("b.example")
            let held = try await client.directAdmin("/CMD_API_DNS_ADMIN?action=exists&domain=b.example", method: .get)
            #expect(held.status == .ok && held.text == "error=0&exists=1&details=b.example%20exists%20on%20this%20server", "\(held.text)")
            let child = try await client.directAdmin("/CMD_API_DNS_ADMIN?action=exists&domain=shop.b.example&check_for_parent_domain=true", method: .get)
            #expect(child.text == "error=0&exists=3&hostname=da1.example&username=bob", "\(child.text)")
            let unchecked = try await client.directAdmin("/CMD_API_DNS_ADMIN?action=exists&domain=shop.b.example", method: .post)
            #expect(unchecked.text == "error=0&exists=0")
            // Half-typed junk is exists=0, not an error.
            #expect(try await client.directAdmin("/CMD_API_DNS_ADMIN?action=exists&domain=b..", method: .get).text == "error=0&exists=0")
        }
    }

    @Test func aDeleteFromTheOwnerRemovesTheZoneAndFromAnotherIsRefused() async throws {
        let fixture = try ServerFixture()
        try await fixture.serve { client async throws in
            _ = try await client.rawsave("c.example")
            // DirectAdmin's form: parameters in an untyped body.
            let foreign = try await client.directAdmin(
                "/CMD_API_DNS_ADMIN", body: ByteBuffer(string: "action=delete&cluster=yes&hostname=da2.example&select0=c.example"))
            #expect(foreign.status == .forbidden)
            #expect(foreign.text == "error=1&text=delete%20refused%3A%20c.example%20belongs%20to%20da1.example", "\(foreign.text)")
            #expect(try await fixture.store.zone("c.example")?.present == true)

            let own = try await client.directAdmin(
                "/CMD_API_DNS_ADMIN", body: ByteBuffer(string: "action=delete&cluster=yes&hostname=da1.example&select0=c.example"))
            #expect(own.status == .ok && own.text == "error=0")
            #expect(try await fixture.store.zone("c.example")?.present == false)
        }
    }

    @Test func aBodyOverTheLimitIs413() async throws {
        let fixture = try ServerFixture(maxBodySize: 100)
        try await fixture.serve { client async throws in
            let reply = try await client.rawsave("big.example")
            #expect(reply.status == .contentTooLarge)
            #expect(reply.text == "error=1&text=request%20body%20larger%20than%20100%20bytes", "\(reply.text)")
            #expect(try await fixture.store.zone("big.example") == nil)
        }
    }

    @Test func badRequestsAre400AndStoreNothing() async throws {
        let fixture = try ServerFixture()
        try await fixture.serve { client async throws in
            let noAction = try await client.directAdmin("/CMD_API_DNS_ADMIN?domain=d.example")
            #expect(noAction.status == .badRequest && noAction.text == "error=1&text=missing%20action", "\(noAction.text)")
            let badDomain = try await client.directAdmin("/CMD_API_DNS_ADMIN?action=rawsave&domain=..%2Fetc", body: ServerFixture.zone("d.example"))
            #expect(badDomain.status == .badRequest && badDomain.text.hasPrefix("error=1&text=invalid%20domain"), "\(badDomain.text)")
            let empty = try await client.directAdmin("/CMD_API_DNS_ADMIN?action=rawsave&domain=d.example&hostname=da1.example")
            #expect(empty.status == .badRequest && empty.text == "error=1&text=missing%20zone%20file%20content", "\(empty.text)")
            let broken = try await client.directAdmin(
                "/CMD_API_DNS_ADMIN?action=rawsave&domain=d.example&hostname=da1.example",
                body: ByteBuffer(string: "$TTL 300\n@ IN SOA ns1 h 1 2 3 4 5\n@ IN A 999.1.1.1\n"))
            #expect(broken.status == .badRequest && broken.text.hasPrefix("error=1&text=invalid%20zone%3A%20line%203"), "\(broken.text)")
            #expect(try await fixture.store.zone("d.example") == nil)
        }
    }

    @Test func whileDrainingChangesAre503AndQuestionsAreAnswered() async throws {
        let fixture = try ServerFixture()
        try await fixture.serve { client async throws in
            _ = try await client.rawsave("e.example")
            fixture.drain.drain()
            let save = try await client.rawsave("f.example")
            #expect(save.status == .serviceUnavailable)
            #expect(save.text == "error=1&text=dadns%20is%20shutting%20down%3B%20the%20change%20was%20not%20stored", "\(save.text)")
            let delete = try await client.directAdmin("/CMD_API_DNS_ADMIN", body: ByteBuffer(string: "action=delete&hostname=da1.example&select0=e.example"))
            #expect(delete.status == .serviceUnavailable)
            #expect(try await client.directAdmin("/CMD_API_DNS_ADMIN?action=exists&domain=e.example", method: .get).text.hasPrefix("error=0&exists=1"))
            #expect(try await fixture.store.zone("f.example") == nil)
            #expect(try await fixture.store.zone("e.example")?.present == true)
        }
    }
}
