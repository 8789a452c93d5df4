import Foundation
import Testing
import DadnsTestKit
@testable import DadnsConfiguration
import Engine
import SettingsKit

/// `dns_address` and `probe.*`: what the served-state probe is told to ask, and how fast.
@Suite("Probe configuration")
struct ProbeConfigTests {
    func load(_ yaml: String) throws -> AppConfig {
        let path = try Scratch.directory("probe-config").appendingPathComponent("app.yml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try ConfigLoader.load(explicitPath: path, environment: [:]).config
    }

    func failure(_ yaml: String) -> String? {
        do {
            _ = try load(yaml)
            return nil
        } catch {
            return "\(error)"
        }
    }

    static func stanzas(_ bindAddress: String, _ nsdAddress: String? = nil) -> String {
        """
        dns:
          backends:
            bind: {enabled: true, dns_address: "\(bindAddress)"}
            nsd: {type: nsd, enabled: true\(nsdAddress.map { ", dns_address: \"\($0)\"" } ?? "")}
            coredns_mysql: {enabled: false}

        """
    }

    @Test func addressesAreIPLiteralsWithPort53UnlessGiven() throws {
        let config = try load(Self.stanzas("127.0.0.1", "[::1]:5353"))
        #expect(config.probeTargets.map(\.backend) == ["bind", "nsd"])
        #expect(config.probeTargets.map(\.address.description) == ["127.0.0.1:53", "[::1]:5353"])
        #expect(config.probeTargets.map(\.address.isIPv6) == [false, true])
        #expect(try load(Self.stanzas("192.0.2.7:1053")).probeTargets.map(\.address.description) == ["192.0.2.7:1053"])
        #expect(try load(Self.stanzas("::1")).probeTargets.map(\.address.description) == ["[::1]:53"])
        #expect(config.probe == ProbeSettings(intervalMinutes: 0, queriesPerSecond: 200, inFlight: 64, timeoutSeconds: 1, retries: 2))
        #expect(!config.probe.periodic, "off by default")
    }

    @Test func aHostNameOrBadPortIsRefusedSayingWhy() throws {
        let named = try #require(failure(Self.stanzas("ns1.example.com:53")))
        #expect(named.contains("dns.backends.bind.dns_address"), "\(named)")
        #expect(named.contains("a host name is not accepted"), "\(named)")
        let port = try #require(failure(Self.stanzas("127.0.0.1:70000")))
        #expect(port.contains("the port must be a whole number from 1 to 65535"), "\(port)")
        let unclosed = try #require(failure(Self.stanzas("127.0.0.1", "[::1")))
        #expect(unclosed.contains("dns.backends.nsd.dns_address") && unclosed.contains("lacks its ']'"), "\(unclosed)")
    }

    @Test func probeSettingsAreRead() throws {
        let config = try load(Self.stanzas("127.0.0.1") + """
            probe:
              interval_minutes: 15
              queries_per_second: 50
              in_flight: 8
              timeout_ms: 250
              retries: 0
            """)
        #expect(config.probe == ProbeSettings(intervalMinutes: 15, queriesPerSecond: 50, inFlight: 8, timeoutSeconds: 0.25, retries: 0))
        #expect(config.probe.periodic)
        #expect(failure(Self.stanzas("127.0.0.1") + "probe: {queries_per_second: 0}\n") != nil)
    }
}
