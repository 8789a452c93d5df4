import DadnsTestKit

/// A zone as DirectAdmin pushes it: 17 records, the layout of its templates (blank lines first,
/// `$TTL`, a multi-line SOA, relative and absolute names, a split DKIM TXT).
enum BenchDirectAdminZone {
    static func text(domain: String, serial: UInt32, index: Int) -> String {
        let ip = "203.0.\((index >> 8) & 255).\(index & 255)"
        return FakeDirectAdmin.zoneHeader(domain, serial: String(serial)) + """
            \(domain).\t3600\tIN\tNS\tns1.\(domain).
            \(domain).\t3600\tIN\tNS\tns2.hosting.example.
            ns1\t3600\tIN\tA\t\(ip)
            \(domain).\t3600\tIN\tA\t\(ip)
            www\t3600\tIN\tA\t\(ip)
            mail\t3600\tIN\tA\t\(ip)
            ftp\t3600\tIN\tCNAME\twww
            \(domain).\t3600\tIN\tMX\t10 mail
            \(domain).\t3600\tIN\tTXT\t"v=spf1 a mx ip4:\(ip) ~all"
            _dmarc\t3600\tIN\tTXT\t"v=DMARC1; p=quarantine"
            x._domainkey\t3600\tIN\tTXT\t( "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"
            \t\t\t\t"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" )
            _acme-challenge\t5\tIN\tTXT\t"token-\(index)"
            _sip._tcp\t3600\tIN\tSRV\t10 60 5060 www
            \(domain).\t3600\tIN\tCAA\t0 issue "letsencrypt.org"

            """
    }
}
