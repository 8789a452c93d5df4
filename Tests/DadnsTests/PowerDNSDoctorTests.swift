import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// `dadns doctor` on `powerdns` stanzas against a real pdns_server: the API answers and takes the
/// key; a wrong key and a server that is not there are errors saying what to check, without the key.
@Suite("dadns doctor with PowerDNS", .offThePool)
struct PowerDNSDoctorTests {
    @Test func theAPIIsAskedAndEachFailureSaysWhatToCheckWithoutTheKey() throws {
        let pdns = try PowerDNSServer()
        defer { pdns.stop() }
        let directory = try Scratch.directory("doctor-powerdns")
        let closedPort = try FreePort.find()
        let wrongKey = "wrong-\(UUID().uuidString)"
        let stanzas = [
            DadnsProcess.powerDNSBackend(pdns),
            DadnsProcess.powerDNSBackend(pdns).replacingOccurrences(of: "powerdns:\n", with: "pdns_wrong:\n")
                .replacingOccurrences(of: pdns.apiKey, with: wrongKey),
            DadnsProcess.powerDNSBackend(pdns).replacingOccurrences(of: "powerdns:\n", with: "pdns_down:\n")
                .replacingOccurrences(of: pdns.apiURL, with: "http://127.0.0.1:\(closedPort)"),
        ]
        try DoctorTests.writeConfig(backends: stanzas, in: directory)
        let (status, output, errors) = try ReadmeCommandTests().run(["doctor", "--config", "app.yml"], in: directory, environment: [:])
        let lines = output.split(separator: "\n").map(String.init)
        #expect(status == 1, "\(output)\(errors)")
        let api = "PowerDNS API \(pdns.apiURL)/api/v1/servers/localhost"
        #expect(lines.contains("ok       powerdns \(api): answers and accepts the key (PowerDNS 4.7.3)")
            || lines.contains { $0.hasPrefix("ok       powerdns \(api): answers and accepts the key") }, "\(output)")
        #expect(lines.contains {
            $0.hasPrefix("error    pdns_wrong \(api): the API refused the key (HTTP 401)")
                && $0.contains("fix: set dns.backends.pdns_wrong.api_key to pdns.conf's api-key")
        }, "\(output)")
        #expect(lines.contains {
            $0.hasPrefix("error    pdns_down PowerDNS API http://127.0.0.1:\(closedPort)/api/v1/servers/localhost: unreachable")
                && $0.contains("fix: check that pdns_server runs with api=yes and webserver=yes")
        }, "\(output)")
        #expect(!output.contains(wrongKey) && !output.contains(pdns.apiKey) && !errors.contains(pdns.apiKey), "a key reached the output")
    }
}

extension DoctorTests {
    /// Writes `directory`/app.yml: a store in `directory`, the test app section, and `stanzas`
    /// (block YAML, one backend each) under dns.backends.
    static func writeConfig(backends stanzas: [String], in directory: URL) throws {
        try """
            datastore:
              db_location: \(directory.path)/data/dadns.db
            \(try TestConfig.app())
            dns:
              backends:
            \(stanzas.joined(separator: "\n").split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            """.write(to: directory.appendingPathComponent("app.yml"), atomically: true, encoding: .utf8)
    }
}
