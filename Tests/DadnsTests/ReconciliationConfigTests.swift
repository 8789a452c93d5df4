import Foundation
import Testing
import Backends
import DadnsTestKit
@testable import DadnsConfiguration
import SettingsKit

/// `reconciliation.*`: the reference's keys and defaults, the server list, errors.
@Suite("Configuration: reconciliation")
struct ReconciliationConfigTests {
    let base = "dns:\n  backends:\n    bind: {enabled: true}\n"

    func load(_ yaml: String, environment: [String: String] = [:]) throws -> ConfigLoader.Loaded {
        let directory = try Scratch.directory("config")
        let path = directory.appendingPathComponent("app.yml").path
        try (base + yaml).write(toFile: path, atomically: true, encoding: .utf8)
        return try ConfigLoader.load(explicitPath: path, environment: environment)
    }

    @Test func referenceKeysDefaultsAndServers() throws {
        let loaded = try load("""
            reconciliation:
              enabled: true
              dry_run: true
              interval_minutes: 0.5
              initial_delay_minutes: 1.5
              verify_ssl: false
              ipp: 500
              directadmin_servers:
                - hostname: DA1.example.com
                  port: 2222
                  username: admin
                  password: s3cret
                  ssl: true
                - hostname: da2.example.com
                  username: admin
                  password: other
                  ssl: false
            """)
        #expect(!loaded.warnings.contains { $0.lowercased().contains("reconcil") }, "\(loaded.warnings)")
        let config = loaded.config
        #expect(config.reconciliation.enabled && config.reconciliation.settings.dryRun)
        #expect(config.reconciliation.intervalMinutes == 0.5 && config.reconciliation.initialDelayMinutes == 1.5)
        #expect(!config.reconciliation.settings.verifyCertificates && config.reconciliation.settings.itemsPerPage == 500)
        #expect(config.reconciliation.servers.map(\.hostname) == ["da1.example.com", "da2.example.com"])
        #expect(config.reconciliation.servers[1].port == 2222 && !config.reconciliation.servers[1].ssl && config.reconciliation.servers[0].ssl)
        let settings = config.reconcilerSettings()
        #expect(settings.dryRun && settings.itemsPerPage == 500 && settings.maxDeleteShare == 0.1 && settings.fetchMissing)
        #expect(!ConfigPrinter.render(config).contains("s3cret"))
        let defaults = try load("")
        #expect(!defaults.config.reconciliation.enabled && defaults.config.reconciliation.settings.verifyCertificates)
        #expect(defaults.config.reconciliation.intervalMinutes == 60 && defaults.config.reconciliation.settings.itemsPerPage == 1000)
        let fromEnvironment = try load("", environment: ["DADNS_RECONCILIATION_DRY_RUN": "true", "DADNS_RECONCILIATION_ENABLED": "yes"])
        #expect(fromEnvironment.config.reconciliation.settings.dryRun)
        #expect(fromEnvironment.warnings.contains("Reconciliation enabled but no directadmin_servers configured"))
    }

    @Test func badServerEntriesStopStartUpWithoutShowingThePassword() throws {
        let cases: [(String, String)] = [
            ("- {port: 2222, username: a, password: topsecret}", "directadmin_servers[0].hostname"),
            ("- {hostname: 'bad host', username: a, password: topsecret}", "directadmin_servers[0].hostname"),
            ("- {hostname: da1.example, username: a}", "directadmin_servers[0].password"),
            ("- {hostname: da1.example, username: a, password: topsecret, port: 70000}", "directadmin_servers[0].port"),
            ("- {hostname: da1.example, username: a, password: topsecret, colour: red}", "directadmin_servers[0].colour"),
            ("- {hostname: da1.example, username: a, password: topsecret}\n    - {hostname: DA1.example, username: a, password: x}",
             "directadmin_servers[1].hostname"),
        ]
        for (servers, key) in cases {
            do {
                _ = try load("reconciliation:\n  directadmin_servers:\n    \(servers)\n")
                Issue.record("accepted: \(servers)")
            } catch let error as ConfigError {
                #expect(error.key == "reconciliation.\(key)", "\(error)")
                #expect(!error.description.contains("topsecret"))
            }
        }
        #expect(throws: ConfigError.self) { try load("reconciliation:\n  max_delete_share: 2\n") }
    }
}
