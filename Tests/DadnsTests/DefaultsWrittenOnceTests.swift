import Foundation
import Testing
@testable import Backends
import DadnsConfiguration
import DadnsTestKit
import DirectAdmin
import Engine
import MariaDB

/// A default is written once: a configuration that sets nothing builds the same settings as
/// the programmatic initializers' defaults, because the keys and the initializers share one
/// constant. Changing a default in one place only would fail here.
@Suite("Defaults written once")
struct DefaultsWrittenOnceTests {
    func load(_ yaml: String) throws -> AppConfig {
        let path = try Scratch.directory("defaults").appendingPathComponent("app.yml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try ConfigLoader.load(explicitPath: path, environment: ["PATH": "/nonexistent"]).config
    }

    @Test func bareBackendStanzasBuildTheInitializersDefaults() throws {
        let config = try load("""
            dns:
              backends:
                b: {type: bind, enabled: true, rndc_path: /usr/sbin/rndc}
                n: {type: nsd, enabled: true}
                m: {type: coredns_mysql, enabled: true}
            """)
        let stanzas = Dictionary(uniqueKeysWithValues: config.backends.map { ($0.name, $0) })
        #expect(
            BindBackendSettings(stanza: try #require(stanzas["b"]), searchPath: "/nonexistent")
                == BindBackendSettings(zonesDirectory: "./data/zones", includeFile: "./data/named.conf.include", rndcPath: "/usr/sbin/rndc"))
        #expect(NSDBackendSettings(stanza: try #require(stanzas["n"])) == NSDBackendSettings(zonesDirectory: "./data/nsd/zones"))
        #expect(
            CoreDNSMySQLSettings(stanza: try #require(stanzas["m"]))
                == CoreDNSMySQLSettings(connection: MariaDBConfiguration(username: "coredns", password: nil, database: "coredns")))
    }

    @Test func sectionsSettingNothingBuildTheEnginesDefaults() throws {
        let config = try load("""
            dns:
              backends:
                b: {type: bind, enabled: true}
            reconciliation:
              directadmin_servers:
                - {hostname: da1.example.com, username: admin, password: secret}
            """)
        let server = DirectAdminServer(hostname: "da1.example.com", username: "admin", password: "secret")
        #expect(config.reconciliation.settings == ReconcilerSettings(servers: [server]))
        #expect(config.peerSync.settings == PeerSyncSettings(peers: [], listenPort: config.listenPort))
        #expect(config.dispatch.retryDelays == RetryPolicy().delays)
        // Unset, as the lane's initializer takes it: each backend's own size (DispatcherLaneTests).
        #expect(config.dispatch.batchSize == nil)
        #expect(config.status.lagWarningSeconds == StatusReporter.defaultLagWarningSeconds)
    }
}
