import DadnsTestKit

/// Zones as DirectAdmin pushes them, in the layout of its templates: blank lines first, `$TTL`, a
/// multi-line SOA, relative and absolute names, a split DKIM TXT. One generator for every bench
/// command, in two sizes: `text` and the larger `fullText`.
enum BenchDirectAdminZone {
    /// The small zone: what `push`, `lag`, `latency`, `probe` and `seed` send.
    static func text(domain: String, serial: UInt32, index: Int) -> String {
        let apex = domain + ".", ip = address(index)
        let key = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"
        let hosts = [record(apex, "NS", "ns1.\(apex)"), record(apex, "NS", "ns2.hosting.example.")]
            + [("ns1", "A", ip), (apex, "A", ip), ("www", "A", ip), ("mail", "A", ip), ("ftp", "CNAME", "www")].map(record)
        let mail = mailRecords(
            apex: apex, ip: ip, dmarc: "v=DMARC1; p=quarantine", dkimKey: (key, key), token: "token-\(index)", sipTarget: "www")
        return FakeDirectAdmin.zoneHeader(domain, serial: String(serial))
            + lines(hosts + mail + [record(apex, "CAA", caaIssue), ""])
    }

    /// The larger zone, more hosts, AAAA and longer TXT: what `parse` reads (its DirectAdmin-size zones).
    static func fullText(domain: String, index: Int) -> String {
        let apex = domain + ".", ip = address(index)
        let ipv6 = "2001:db8:\(String(index & 0xFFFF, radix: 16))::1"
        let dkim = String(repeating: "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", count: 6)
        let serial = "2024\(index % 100 < 10 ? "0" : "")\(index % 100)0101"
        let hosts = [record(apex, "NS", "ns1.hosting.example."), record(apex, "NS", "ns2.hosting.example."), ""]
            + [apex, "ftp"].map { record($0, "A", ip) } + [record("localhost", "A", "127.0.0.1")]
            + ["mail", "pop", "smtp", "www", "webmail"].map { record($0, "A", ip) }
            + [record(apex, "AAAA", ipv6), record("www", "AAAA", ipv6), ""]
        let mail = mailRecords(
            apex: apex, ip: ip, dmarc: "v=DMARC1; p=quarantine; rua=mailto:dmarc@\(domain)",
            dkimKey: (String(dkim.prefix(200)), String(dkim.dropFirst(200))),
            token: "token-\(index)-abcdefghijklmnopqrstuvwxyz", sipTarget: "sip")
        let rest = [("sip", "A", ip), (apex, "CAA", caaIssue), ("autodiscover", "CNAME", "mail"), ("autoconfig", "CNAME", "mail"),
                    ("cpanel", "CNAME", "www")].map(record)
        return FakeDirectAdmin.zoneHeader(domain, serial: serial, primary: "ns1.hosting.example.") + lines(hosts + mail + rest)
    }

    /// MX, SPF, DMARC, a DKIM key split over two lines, an ACME challenge (TTL 5) and a SIP SRV.
    private static func mailRecords(
        apex: String, ip: String, dmarc: String, dkimKey: (String, String), token: String, sipTarget: String
    ) -> [String] {
        [
            record(apex, "MX", "10 mail"),
            record(apex, "TXT", "\"v=spf1 a mx ip4:\(ip) ~all\""),
            record("_dmarc", "TXT", "\"\(dmarc)\""),
            record("x._domainkey", "TXT", "( \"v=DKIM1; k=rsa; p=\(dkimKey.0)\""),
            "\t\t\t\t\"\(dkimKey.1)\" )",
            record("_acme-challenge", "TXT", "\"\(token)\"", ttl: 5),
            record("_sip._tcp", "SRV", "10 60 5060 \(sipTarget)"),
        ]
    }

    private static let caaIssue = "0 issue \"letsencrypt.org\""

    /// The zone's IPv4 address: 203.0.x.y from its number.
    private static func address(_ index: Int) -> String {
        "203.0.\((index >> 8) & 255).\(index & 255)"
    }

    private static func record(_ owner: String, _ type: String, _ data: String) -> String {
        record(owner, type, data, ttl: 3600)
    }

    private static func record(_ owner: String, _ type: String, _ data: String, ttl: Int) -> String {
        "\(owner)\t\(ttl)\tIN\t\(type)\t\(data)"
    }

    private static func lines(_ lines: [String]) -> String {
        lines.joined(separator: "\n")
    }
}
