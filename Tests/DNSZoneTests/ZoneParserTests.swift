import Testing
@testable import DNSZone

/// Syntax features of master files, one behaviour per test.
@Suite("Master-file parser")
struct ZoneParserTests {
    static let origin: DNSName = {
        do { return try DNSName("example.com.") } catch { fatalError("\(error)") }
    }()

    static let head = """
        $TTL 3600
        @ IN SOA ns1 hostmaster 2024010101 3600 900 1209600 300
        @ IN NS ns1
        ns1 IN A 192.0.2.1

        """

    func parse(_ body: String, head: String = ZoneParserTests.head) throws(ZoneError) -> Zone {
        try ZoneParser.parse(head + body, origin: Self.origin)
    }

    func lines(_ zone: Zone) -> [String] {
        zone.records.map(\.description)
    }

    func record(_ zone: Zone, _ owner: String, _ type: RRType) throws -> [ResourceRecord] {
        let name = try DNSName(owner, origin: Self.origin)
        return zone.records.filter { $0.owner == name && $0.type == type }
    }

    @Test func directAdminShapedZone() throws {
        let text = String(repeating: "\n", count: 13) + """
            $TTL 3600
            example.com.\tIN\tSOA\tns1.example.com. hostmaster.example.com. (
            \t\t\t\t\t\t2024010101 ; serial
            \t\t\t\t\t\t3600
            \t\t\t\t\t\t3600
            \t\t\t\t\t\t1209600
            \t\t\t\t\t\t86400 )

            example.com.\t3600\tIN\tNS\tns1.example.com.
            example.com.\t3600\tIN\tNS\tns2.example.com.
            example.com.\t3600\tIN\tA\t192.0.2.10
            ns1\t3600\tIN\tA\t192.0.2.1
            ns2\t3600\tIN\tA\t192.0.2.2
            www\t3600\tIN\tA\t192.0.2.10
            mail\t3600\tIN\tA\t192.0.2.10
            example.com.\t3600\tIN\tMX\t10 mail
            x._domainkey\t3600\tIN\tTXT\t( "v=DKIM1; k=rsa; p=MIIBIjAN"
            \t\t"BgkqhkiG9w0BAQEFAAOC" )
            _acme-challenge\t5\tIN\tTXT\t"abc"
            ftp\t3600\tIN\tCNAME\twww
            """
        let zone = try ZoneParser.parse(text, origin: Self.origin)
        #expect(zone.recordCount == 12)
        #expect(zone.serial == 2_024_010_101)
        let dkim = try record(zone, "x._domainkey", .txt)
        #expect(dkim.count == 1)
        #expect(dkim.first?.rdataText == "\"v=DKIM1; k=rsa; p=MIIBIjAN\" \"BgkqhkiG9w0BAQEFAAOC\"")
        #expect(try record(zone, "_acme-challenge", .txt).first?.ttl == 5)
        #expect(try record(zone, "ftp", .cname).first?.rdataText == "www.example.com.")
        #expect(try record(zone, "@", .mx).first?.rdataText == "10 mail.example.com.")
        #expect(lines(zone).first?.hasPrefix("example.com.\t3600\tIN\tSOA\tns1.example.com. hostmaster.example.com. 2024010101 3600 3600 1209600 86400") == true)
    }

    @Test func ttlUnitsAndDirectives() throws {
        let zone = try parse("""
            $TTL 1h30m
            a A 192.0.2.5
            b 2W A 192.0.2.6
            c 1d IN A 192.0.2.7
            d IN 10s A 192.0.2.8
            """)
        #expect(try record(zone, "a", .a).first?.ttl == 5400)
        #expect(try record(zone, "b", .a).first?.ttl == 1_209_600)
        #expect(try record(zone, "c", .a).first?.ttl == 86400)
        #expect(try record(zone, "d", .a).first?.ttl == 10)
    }

    @Test func originDirectiveAndRelativeNames() throws {
        let zone = try parse("""
            $ORIGIN sub.example.com.
            www A 192.0.2.9
            $ORIGIN deeper
            @ TXT "at deeper"
            other.example.com. A 192.0.2.10
            """)
        #expect(try record(zone, "www.sub", .a).count == 1)
        #expect(try record(zone, "deeper.sub", .txt).count == 1)
        #expect(try record(zone, "other", .a).count == 1)
    }

    @Test func blankOwnerContinuesPreviousOwner() throws {
        let zone = try parse("www A 192.0.2.1\n\tA 192.0.2.2\n  TXT \"hi\"\n")
        #expect(try record(zone, "www", .a).count == 2)
        #expect(try record(zone, "www", .txt).count == 1)
    }

    @Test func quotedStringEscapes() throws {
        let zone = try parse(#"t TXT "a \"quoted\" word" "back\\slash" "\065\066C" unquoted"# + "\n")
        let rdata = try #require(try record(zone, "t", .txt).first).rdata
        #expect(rdata == [15] + Array("a \"quoted\" word".utf8) + [10] + Array("back\\slash".utf8) + [3, 65, 66, 67] + [8] + Array("unquoted".utf8))
    }

    @Test func crlfTabsAndNoFinalNewline() throws {
        let text = "$TTL 60\r\n@\tIN\tSOA\tns1 h 1 2 3 4 5\r\n@\tNS\tns1\r\nns1\tA\t192.0.2.1\r\nlast\tA\t192.0.2.2"
        let zone = try ZoneParser.parse(text, origin: Self.origin)
        #expect(zone.recordCount == 4)
    }

    @Test func namesCompareCaseInsensitively() throws {
        let zone = try parse("WWW A 192.0.2.1\nwww A 192.0.2.1\nWwW.Example.COM. A 192.0.2.1\n")
        #expect(try record(zone, "www", .a).count == 1)
        #expect(zone.recordCount == 4)
    }

    @Test func identicalRecordsCollapse() throws {
        let zone = try parse("a A 192.0.2.1\na A 192.0.2.1\nb TXT \"x\"\nb TXT x\n")
        #expect(zone.recordCount == 5)
    }

    @Test func outOfZoneRecordsAreDroppedWithWarning() throws {
        let zone = try parse("www.example.net. A 192.0.2.1\n")
        #expect(zone.recordCount == 3)
        #expect(zone.warnings.contains { $0.message.contains("out-of-zone") && $0.line == 5 })
    }

    /// A zone sent under the wrong origin: the error says that every record lies outside, not
    /// that the SOA is missing.
    @Test func aZoneWhollyOutsideTheOriginSaysSo() {
        let foreign = "$TTL 300\nexample.net. IN SOA ns1.example.net. h.example.net. 1 2 3 4 5\nexample.net. IN NS ns1.example.net.\n"
        #expect(throws: ZoneError(line: 0, reason: "none of the 2 records lie in example.com.")) {
            try parse(foreign, head: "")
        }
        #expect(throws: ZoneError(line: 0, reason: "none of the 1 record lies in example.com.")) {
            try parse("$TTL 300\nwww.example.net. A 192.0.2.1\n", head: "")
        }
        // With a record inside, the usual reason, and the hint that the rest was for another domain.
        let reason = "zone example.com. has no SOA record at its apex (2 record(s) outside example.com. were ignored: is the zone for another domain?)"
        #expect(throws: ZoneError(line: 0, reason: reason)) {
            try parse(foreign + "www A 192.0.2.2\n", head: "")
        }
    }

    @Test func includeIsRefused() {
        #expect(throws: ZoneError(line: 5, reason: "$INCLUDE is not allowed: zones must be self-contained")) {
            try parse("$INCLUDE /etc/passwd\n")
        }
    }

    @Test func errorsNameTheLine() {
        let cases: [(String, Int, String)] = [
            ("a A 192.0.2.256\n", 5, "is not an IPv4 address"),
            ("b MX 70000 mail\n", 5, "is not a number from 0 to 65535"),
            ("\nc FOO bar\n", 6, "unknown record type 'FOO'"),
            ("d TXT \"unterminated\n", 5, "unterminated quoted string"),
            ("e TXT ( \"x\"\n", 5, "'(' is never closed"),
            ("f CNAME www\nf A 192.0.2.1\n", 5, "CNAME record and other data"),
            ("g 1h30 A 192.0.2.1\n", 5, "is not a valid TTL"),
            ("h CH A 192.0.2.1\n", 5, "does not match the zone class IN"),
        ]
        for (body, line, reason) in cases {
            do {
                _ = try parse(body)
                Issue.record("accepted: \(body)")
            } catch {
                #expect(error.line == line, "\(body)")
                #expect(error.reason.contains(reason), "\(body): \(error.reason)")
            }
        }
    }

    @Test func structuralChecks() {
        let noSOA = "$TTL 60\n@ NS ns1\nns1 A 192.0.2.1\n"
        #expect(throws: ZoneError.self) { try ZoneParser.parse(noSOA, origin: Self.origin) }
        let noNS = "$TTL 60\n@ SOA ns1 h 1 2 3 4 5\nns1 A 192.0.2.1\n"
        #expect(throws: ZoneError.self) { try ZoneParser.parse(noNS, origin: Self.origin) }
        let nsWithoutAddress = "$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\n"
        #expect(throws: ZoneError.self) { try ZoneParser.parse(nsWithoutAddress, origin: Self.origin) }
        let longLabel = "\(String(repeating: "a", count: 64)) A 192.0.2.1\n"
        #expect(throws: ZoneError.self) { try parse(longLabel) }
    }

    @Test func genericRFC3597Form() throws {
        let zone = try parse("u TYPE65534 \\# 4 0A000001\nk A \\# 4 0A000002\nempty TYPE65000 \\# 0\n")
        #expect(try record(zone, "u", RRType(rawValue: 65534)).first?.rdata == [10, 0, 0, 1])
        #expect(try record(zone, "k", .a).first?.rdataText == "10.0.0.2")
        #expect(try record(zone, "empty", RRType(rawValue: 65000)).first?.rdataText == "\\# 0")
        #expect(lines(zone).contains("u.example.com.\t3600\tIN\tTYPE65534\t\\# 4 0A000001"))
    }

    @Test func ttlRulesFollowBind() throws {
        // Within a run of one owner the first TTL wins; a later run of the same RRset wins.
        let zone = try parse("x 900 A 192.0.2.1\ny 600 A 192.0.2.2\nx 300 A 192.0.2.3\nx 500 A 192.0.2.1\n")
        #expect(try record(zone, "x", .a).map(\.ttl) == [300, 300])
        // TTLs above 2^31-1 become 0 with a warning.
        let big = try parse("big 2147483648 A 192.0.2.1\n")
        #expect(try record(big, "big", .a).first?.ttl == 0)
        #expect(!big.warnings.isEmpty)
    }

    @Test func relativeOutputForDatabaseBackends() throws {
        let zone = try parse(
            "www A 192.0.2.1\n*.sub CNAME www\n@ MX 10 mail.example.net.\n@ TXT \"v=spf1 -all\" \"two\"\n"
                + "_sip._tcp SRV 0 5 5060 sip\nsub NS ns1.sub\nmail MX 0 .\n")
        let rows = ZoneWriter.relativeRecords(zone)
        // TXT keeps its quotes (one quoted string per chunk); names in rdata are absolute.
        #expect(rows.contains(RelativeRecord(hostname: "@", type: "TXT", ttl: 3600, data: "\"v=spf1 -all\" \"two\"")))
        #expect(rows.contains(RelativeRecord(hostname: "_sip._tcp", type: "SRV", ttl: 3600, data: "0 5 5060 sip.example.com.")))
        #expect(rows.contains(RelativeRecord(hostname: "sub", type: "NS", ttl: 3600, data: "ns1.sub.example.com.")))
        #expect(rows.contains(RelativeRecord(hostname: "mail", type: "MX", ttl: 3600, data: "0 .")))
        #expect(rows.contains(RelativeRecord(hostname: "@", type: "MX", ttl: 3600, data: "10 mail.example.net.")))
        #expect(rows.contains(RelativeRecord(hostname: "*.sub", type: "CNAME", ttl: 3600, data: "www.example.com.")))
        #expect(rows.contains(RelativeRecord(hostname: "www", type: "A", ttl: 3600, data: "192.0.2.1")))
        #expect(ZoneWriter.relativeText(zone).contains("@\t3600\tIN\tSOA\tns1.example.com. hostmaster.example.com."))
    }

    @Test func punycodeNamesAreKept() throws {
        let zone = try parse("xn--bcher-kva A 192.0.2.1\n")
        #expect(lines(zone).contains("xn--bcher-kva.example.com.\t3600\tIN\tA\t192.0.2.1"))
    }

    @Test func nsec3HashLengthForSHA1() {
        // A 1-octet hash ("0G" is 0x04) with algorithm 1: BIND refuses it.
        #expect(throws: ZoneError.self) { try parse("x NSEC3 1 0 0 - 0G A\n") }
    }

    @Test func caseIsKeptWhereBindComparesCaseSensitively() throws {
        // SVCB targets keep their case, so these are two records (BIND keeps both).
        let zone = try parse("s SVCB 1 Target.example.net. port=443\ns SVCB 1 target.example.net. port=443\n")
        #expect(try record(zone, "s", .svcb).count == 2)
        // MX exchanges do not: one record.
        let mx = try parse("m MX 10 Mail.Example.NET.\nm MX 10 mail.example.net.\n")
        #expect(try record(mx, "m", .mx).count == 1)
    }
}
