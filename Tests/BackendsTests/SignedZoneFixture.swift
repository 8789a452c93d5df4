import Foundation
import DadnsTestKit

/// A DNSSEC-signed zone made the way an operator signs one: keys from `dnssec-keygen` (a KSK and
/// a ZSK, ECDSAP256SHA256), the zone signed with NSEC3 by `dnssec-signzone -3 -` (or with NSEC),
/// written one record per line with full owner names (`-O full`).
enum SignedZoneFixture {
    static let keygen = "/usr/bin/dnssec-keygen"
    static let signzone = "/usr/bin/dnssec-signzone"

    /// The signed text of `unsigned` (the zone `domain`'s records, no DNSKEY yet); `nsec3: false` signs with NSEC.
    static func sign(_ domain: String, _ unsigned: String, nsec3: Bool = true) throws -> String {
        for tool in [keygen, signzone] where !FileManager.default.isExecutableFile(atPath: tool) {
            throw NamedServer.Failure("\(tool) is missing: install bind9-utils (bash .ci/run does)")
        }
        let directory = try Scratch.directory("signed")
        defer { try? FileManager.default.removeItem(at: directory) }
        var keys: [String] = []
        for flags in [["-f", "KSK"], []] {
            let made = try ProgramRun.run(
                [keygen, "-q", "-K", directory.path, "-a", "ECDSAP256SHA256"] + flags + ["-n", "ZONE", domain], errors: .merged, timeout: 30)
            guard made.status == 0 else { throw NamedServer.Failure("dnssec-keygen failed: \(made.text)") }
            keys.append(made.text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        var text = unsigned + "\n"
        for key in keys {
            text += try String(contentsOf: directory.appendingPathComponent(key + ".key"), encoding: .utf8)
        }
        let input = directory.appendingPathComponent("zone.db").path
        let output = directory.appendingPathComponent("zone.signed").path
        try text.write(toFile: input, atomically: true, encoding: .utf8)
        let signed = try ProgramRun.run(
            [signzone] + (nsec3 ? ["-3", "-"] : []) + ["-K", directory.path, "-d", directory.path, "-o", domain, "-O", "full", "-f", output, input]
                + keys.map { directory.appendingPathComponent($0 + ".private").path },
            errors: .merged, timeout: 60)
        guard signed.status == 0 else { throw NamedServer.Failure("dnssec-signzone failed: \(signed.text)") }
        return try String(contentsOfFile: output, encoding: .utf8)
    }

    /// The answer section of `dig +dnssec` for `name`/`type` against 127.0.0.1:`port`: each
    /// record's type and rdata, and the response status; NSEC3 records of the authority section too.
    static func digDNSSEC(port: Int, _ name: String, _ type: String) throws -> (status: String, types: [String], authority: [String]) {
        let output = try ProgramRun.text([
            "/usr/bin/dig", "@127.0.0.1", "-p", String(port), name, type, "+dnssec", "+time=2", "+tries=1", "+norecurse",
            "+noall", "+comments", "+answer", "+authority",
        ])
        var status = "?"
        var types: [String] = []
        var authority: [String] = []
        var inAuthority = false
        for line in output.split(separator: "\n") {
            if line.hasPrefix(";"), let range = line.range(of: "status: ") {
                status = String(line[range.upperBound...].prefix { $0 != "," })
            } else if line.hasPrefix(";; AUTHORITY") {
                inAuthority = true
            } else if line.hasPrefix(";; ANSWER") {
                inAuthority = false
            } else if !line.hasPrefix(";"), !line.isEmpty {
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard fields.count > 4 else { continue }
                if inAuthority { authority.append(String(fields[3])) } else { types.append(String(fields[3])) }
            }
        }
        return (status, types, authority)
    }
}
