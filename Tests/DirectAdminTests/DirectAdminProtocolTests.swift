import DNSZone
import Testing
@testable import DirectAdmin

/// Requests shaped exactly as captured DirectAdmin traffic shows them (see DESIGN.md).
@Suite("DirectAdmin protocol")
struct DirectAdminProtocolTests {
    func parse(_ path: String, _ query: String, _ body: String = "") -> Result<DirectAdminCommand, DirectAdminRequestError> {
        DirectAdminRequestParser.parse(path: path, query: query, body: Array(body.utf8))
    }

    @Test func loginTest() {
        #expect(parse("/CMD_API_LOGIN_TEST", "") == .success(.loginTest))
        #expect(DirectAdminReply.ok("Login OK") == "error=0&text=Login%20OK")
    }

    @Test func rawsaveTakesTheBodyAsTheZone() {
        let zone = "\n\n$TTL 3600\nexample.com.\tIN\tSOA\tns1 h 1 2 3 4 5\n"
        let result = parse("/CMD_API_DNS_ADMIN", "action=rawsave&domain=Example.COM&named_reload=yes&username=bob&hostname=da1.host.example", zone)
        #expect(result == .success(.rawSave(
            domain: "example.com", zoneText: Array(zone.utf8), hostname: "da1.host.example", username: "bob", reload: true)))
        // username may be absent; the body is never read as parameters for rawsave.
        let bare = parse("/CMD_API_DNS_ADMIN", "action=rawsave&domain=example.com&hostname=h.example", "action=delete&select0=x.com")
        #expect(bare == .success(.rawSave(
            domain: "example.com", zoneText: Array("action=delete&select0=x.com".utf8), hostname: "h.example", username: nil, reload: false)))
    }

    @Test func deleteFromAnUntypedBody() {
        let result = parse("/CMD_API_DNS_ADMIN", "", "action=delete&cluster=yes&hostname=da1.example&select0=example.com&select1=Other.NET\n")
        #expect(result == .success(.delete(domains: ["example.com", "other.net"], hostname: "da1.example", username: nil)))
        let fromQuery = parse("/CMD_API_DNS_ADMIN", "action=delete&select0=example.com&hostname=da1.example")
        #expect(fromQuery == .success(.delete(domains: ["example.com"], hostname: "da1.example", username: nil)))
    }

    /// The reference project's form, `action=delete&domain=D`, from the query string or the body;
    /// with `select0…N` in the same request, the union.
    @Test func deleteInTheReferenceForm() {
        #expect(parse("/CMD_API_DNS_ADMIN", "action=delete&domain=Example.COM&hostname=da1.example")
            == .success(.delete(domains: ["example.com"], hostname: "da1.example", username: nil)))
        #expect(parse("/CMD_API_DNS_ADMIN", "", "action=delete&domain=example.com&hostname=da1.example&username=bob\n")
            == .success(.delete(domains: ["example.com"], hostname: "da1.example", username: "bob")))
        #expect(parse("/CMD_API_DNS_ADMIN", "action=delete&domain=a.example", "select0=b.example&select1=a.example")
            == .success(.delete(domains: ["b.example", "a.example"], hostname: nil, username: nil)))
        #expect(parse("/CMD_API_DNS_ADMIN", "", "action=delete&hostname=da1.example")
            == .failure(DirectAdminRequestError("missing select0 or domain")))
        guard case .failure(let error) = parse("/CMD_API_DNS_ADMIN", "action=delete&domain=..%2Fetc") else {
            Issue.record("accepted traversal in domain")
            return
        }
        #expect(error.reason.hasPrefix("invalid domain in domain"))
    }

    @Test func existsAnswersJunkWithNoDomain() {
        #expect(parse("/CMD_API_DNS_ADMIN", "action=exists&domain=example.com&check_for_parent_domain=true")
            == .success(.exists(domain: "example.com", checkParents: true)))
        #expect(parse("/CMD_API_DNS_ADMIN", "action=exists&domain=exam%20ple..") == .success(.exists(domain: nil, checkParents: false)))
        #expect(parse("/CMD_API_DNS_ADMIN", "", "action=exists&domain=sub.example.com") == .success(.exists(domain: "sub.example.com", checkParents: false)))
        #expect(DirectAdminReply.exists(3, hostname: "da1.example", username: "bob") == "error=0&exists=3&hostname=da1.example&username=bob")
    }

    @Test func hostileDomainsAreRefused() {
        for bad in ["../x", "a\"b", "a;b", "a%00b", String(repeating: "a", count: 300), "a/b", "", "-a.com", "a..com", "a b"] {
            let query = "action=rawsave&domain=" + FormEncoding.escape(bad)
            guard case .failure(let error) = parse("/CMD_API_DNS_ADMIN", query, "zone") else {
                Issue.record("accepted \(bad)")
                continue
            }
            #expect(error.reason.hasPrefix("invalid domain") || error.reason == "missing domain", "\(bad): \(error)")
        }
        guard case .failure = parse("/CMD_API_DNS_ADMIN", "", "action=delete&select0=..%2Fetc") else {
            Issue.record("accepted traversal in select0")
            return
        }
    }

    @Test func missingOrUnknownActions() {
        #expect(parse("/CMD_API_DNS_ADMIN", "") == .failure(DirectAdminRequestError("missing action")))
        #expect(parse("/CMD_API_DNS_ADMIN", "action=frobnicate") == .failure(DirectAdminRequestError("unknown action frobnicate")))
        #expect(parse("/CMD_API_NOPE", "") == .failure(DirectAdminRequestError("unknown command /CMD_API_NOPE")))
    }

    @Test func domainRules() throws {
        #expect(try DomainNameRules.normalize("_dmarc.Example.com.").get() == "_dmarc.example.com")
        #expect(try DomainNameRules.normalize("xn--bcher-kva.example").get() == "xn--bcher-kva.example")
        #expect(DomainNameRules.normalize("ä.example") == .failure(.badCharacter))
        #expect(DomainNameRules.normalize(String(repeating: "a", count: 64) + ".com") == .failure(.labelTooLong))
        #expect(DomainNameRules.selfAndAncestors("a.b.example.com") == ["a.b.example.com", "b.example.com", "example.com", "com"])
    }

    @Test func formEncodingRoundTrip() {
        let pairs = [("text", "a b&c=d%é"), ("error", "1")]
        let decoded = FormEncoding.decode(FormEncoding.encode(pairs))
        #expect(decoded.map(\.key) == ["text", "error"] && decoded.map(\.value) == ["a b&c=d%é", "1"])
        #expect(FormEncoding.decode("a=1+2&b=%zz").map(\.value) == ["1 2", "%zz"])
    }
}

@Suite("DirectAdmin owners")
struct DirectAdminOwnerTests {
    @Test func junkHostnamesAndUsernamesAreRefusedOnChanges() {
        let zone = Array("$TTL 300\n".utf8)
        for query in [
            "action=rawsave&domain=example.com&hostname=..%2F..%2Fetc", "action=rawsave&domain=example.com&hostname=a%22b",
            "action=rawsave&domain=example.com&hostname=a%00b", "action=rawsave&domain=example.com&username=a%3Bb",
            "action=rawsave&domain=example.com&username=..%2Fx", "action=delete&select0=example.com&hostname=a%20b",
        ] {
            let result = DirectAdminRequestParser.parse(path: "/CMD_API_DNS_ADMIN", query: query, body: zone)
            guard case .failure(let error) = result else {
                Issue.record("\(query) accepted")
                continue
            }
            #expect(error.reason.hasPrefix("invalid "), "\(query): \(error.reason)")
        }
        // Empty means absent.
        let empty = DirectAdminRequestParser.parse(
            path: "/CMD_API_DNS_ADMIN", query: "action=rawsave&domain=example.com&hostname=&username=", body: zone)
        #expect(empty == .success(.rawSave(domain: "example.com", zoneText: zone, hostname: nil, username: nil, reload: false)))
    }
}
