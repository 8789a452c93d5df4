import DNSZone
import Testing
@testable import Backends

/// The ordernames the powerdns backend writes for a pre-signed NSEC3 zone, worked out as
/// PowerDNS's rectify would: names of the chain hashed, glue and delegations not authoritative,
/// empty non-terminals added, the NSEC3 owners left out; opt-out leaves insecure delegations out;
/// NSEC zones ordered by reversed labels.
@Suite("PowerDNS ordernames of a pre-signed zone")
struct PowerDNSOrderNamesTests {
    /// The records table of zone `z.test`: one row a line, `name type content` (`-` as the type: an
    /// empty non-terminal); an NSEC3 owner with its NSEC3 (opt-out or not) and RRSIG rows.
    static func rows(optOut: Bool) -> [PowerDNSOrderNames.Row] {
        """
        z.test SOA ns1.z.test. h.z.test. 1 3600 900 1209600 300
        z.test NS ns1.z.test.
        z.test NSEC3PARAM 1 0 0 -
        z.test RRSIG SOA 13 2 300 …
        ns1.z.test A 192.0.2.1
        a.b.z.test A 192.0.2.2
        sub.z.test NS ns.sub.z.test.
        ns.sub.z.test A 192.0.2.3
        sec.z.test NS ns.elsewhere.test.
        sec.z.test DS 1 13 2 AABB
        0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.z.test NSEC3 1 \(optOut ? 1 : 0) 0 - 35MTHGPGCU1QG68FAB165KLNSNK3DPVL A RRSIG
        0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.z.test RRSIG NSEC3 13 3 300 …
        b.z.test -
        """.split(separator: "\n").map { line in
            let fields = line.split(separator: " ", maxSplits: 2).map(String.init)
            return .init(name: fields[0], type: fields[1] == "-" ? nil : fields[1], content: fields.count > 2 ? fields[2] : "")
        }
    }

    static func hash(_ name: String) throws -> String? {
        NSEC3Parameters(iterations: 0, salt: []).hashedLabel(of: try DNSName(name + "."))?.lowercased()
    }

    @Test func withoutOptOutEveryAuthoritativeNameAndDelegationIsChained() throws {
        let order = try #require(try PowerDNSOrderNames(apex: "z.test", rows: Self.rows(optOut: false)))
        #expect(order.parameters?.presentation == "1 0 0 -")
        let whole = Dictionary(uniqueKeysWithValues: order.updates.filter { $0.type == nil }.map { ($0.name, $0) })
        #expect(Set(whole.keys) == ["z.test", "ns1.z.test", "a.b.z.test", "sub.z.test", "ns.sub.z.test", "sec.z.test"])
        for name in ["z.test", "ns1.z.test", "a.b.z.test"] {
            #expect(whole[name] == .init(name: name, type: nil, ordername: try Self.hash(name), auth: true))
        }
        #expect(whole["sub.z.test"] == .init(name: "sub.z.test", type: nil, ordername: try Self.hash("sub.z.test"), auth: false))
        #expect(whole["ns.sub.z.test"] == .init(name: "ns.sub.z.test", type: nil, ordername: nil, auth: false))
        #expect(order.updates.contains(.init(name: "sec.z.test", type: "DS", ordername: try Self.hash("sec.z.test"), auth: true)))
        #expect(order.updates.contains(.init(name: "sub.z.test", type: "A", ordername: nil, auth: false)))
        #expect(!order.updates.contains { $0.type == "NS" })
        #expect(order.terminals == [.init(name: "b.z.test", ordername: try Self.hash("b.z.test"), auth: true)])
        // The RFC 5155 hash of the apex "z.test" is not the sample owner's: NSEC3 owners are never chained.
        #expect(!order.updates.contains { $0.name.hasPrefix("0p9m") })
    }

    @Test func optOutLeavesInsecureDelegationsOut() throws {
        let order = try #require(try PowerDNSOrderNames(apex: "z.test", rows: Self.rows(optOut: true)))
        #expect(order.parameters?.presentation == "1 1 0 -")
        #expect(order.updates.contains(.init(name: "sub.z.test", type: nil, ordername: nil, auth: false)))
        #expect(order.updates.contains(.init(name: "sub.z.test", type: "NS", ordername: nil, auth: false)))
        #expect(order.updates.contains(.init(name: "sec.z.test", type: nil, ordername: try Self.hash("sec.z.test"), auth: false)))
    }

    @Test func anNSECZoneOrdersNamesByTheirReversedLabels() throws {
        let rows = Self.rows(optOut: false).filter { $0.type != "NSEC3PARAM" && $0.type != "NSEC3" }
            + [.init(name: "z.test", type: "NSEC", content: "a.b.z.test. NS SOA RRSIG NSEC DNSKEY")]
        let order = try #require(try PowerDNSOrderNames(apex: "z.test", rows: rows))
        #expect(order.parameters == nil)
        #expect(order.updates.contains(.init(name: "z.test", type: nil, ordername: "", auth: true)))
        #expect(order.updates.contains(.init(name: "a.b.z.test", type: nil, ordername: "b a", auth: true)))
        #expect(order.updates.contains(.init(name: "ns.sub.z.test", type: "A", ordername: nil, auth: false)))
        #expect(order.terminals == [.init(name: "b.z.test", ordername: nil, auth: true)])
        #expect(PowerDNSOrderNames.reversedLabels("x.y.z.test", apex: "z.test") == "y x")
    }

    @Test func anUnsignedZoneHasNoOrdernames() throws {
        let rows = Self.rows(optOut: false).filter { !["NSEC3PARAM", "NSEC3", "RRSIG"].contains($0.type) }
        #expect(try PowerDNSOrderNames(apex: "z.test", rows: rows) == nil)
    }
}
