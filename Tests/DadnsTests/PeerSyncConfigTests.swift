import Foundation
import Testing
import Backends
import DadnsTestKit
@testable import DadnsConfiguration
import SettingsKit

/// `peer_sync.*`: the reference's keys and defaults, peers from the file and the environment
/// (single and numbered variables, de-duplicated), secrets, errors.
@Suite("Configuration: peer sync", .serialized)
struct PeerSyncConfigTests {
    let base = "dns:\n  backends:\n    bind: {enabled: true}\napp:\n  auth_password: da-secret\n"

    func load(_ yaml: String, environment: [String: String] = [:]) throws -> ConfigLoader.Loaded {
        let directory = try Scratch.directory("config")
        let path = directory.appendingPathComponent("app.yml").path
        try (base + yaml).write(toFile: path, atomically: true, encoding: .utf8)
        return try ConfigLoader.load(explicitPath: path, environment: environment)
    }

    @Test func referenceKeysDefaultsAndFilePeers() throws {
        let loaded = try load("""
            peer_sync:
              enabled: true
              interval_minutes: 0.05
              auth_username: syncer
              auth_password: peer-secret
              tombstone_days: 7
              peers:
                - url: HTTP://DDO-2.example:2222/
                  username: peersync
                  password: p2-secret
                - url: https://ddo-3.example:443
                  password: p3-secret
            """)
        #expect(!loaded.warnings.contains { $0.contains("peer") }, "\(loaded.warnings)")
        let config = loaded.config
        #expect(config.peerSync.enabled && config.peerSync.settings.intervalMinutes == 0.05)
        #expect(config.peerSync.authUsername == "syncer")
        #expect(config.peerSync.peers.map(\.url) == ["http://ddo-2.example:2222", "https://ddo-3.example"])
        #expect(config.peerSync.peers[1].username == "peersync")
        let settings = config.peerSync.settings
        #expect(settings.tombstoneDays == 7 && settings.intervalMinutes == 0.05 && settings.gossip && settings.peers.count == 2)
        let printed = ConfigPrinter.render(config)
        #expect(!printed.contains("p2-secret") && !printed.contains("p3-secret") && !printed.contains("peer-secret"), "\(printed)")
        #expect(printed.contains("http://ddo-2.example:2222"))

        let defaults = try load("").config
        #expect(!defaults.peerSync.enabled && defaults.peerSync.settings.intervalMinutes == 15)
        #expect(defaults.peerSync.authUsername == "peersync" && defaults.peerSync.authPassword == nil)
        #expect(defaults.peerSync.settings.tombstoneDays == 30 && defaults.peerSync.peers.isEmpty)
    }

    @Test func environmentPeersSingleAndNumberedAreAddedOnceAfterTheFilesPeers() throws {
        let environment = [
            "DADNS_PEER_SYNC_ENABLED": "true",
            "DADNS_PEER_SYNC_AUTH_PASSWORD": "peer-secret",
            "DADNS_PEER_SYNC_PEER_URL": "http://single.example:2222",
            "DADNS_PEER_SYNC_PEER_PASSWORD": "s-secret",
            "DADNS_PEER_SYNC_PEER_1_URL": "http://one.example:2222",
            "DADNS_PEER_SYNC_PEER_1_USERNAME": "u1",
            "DADNS_PEER_SYNC_PEER_1_PASSWORD": "1-secret",
            // The file lists this one already (same URL, other spelling): not added twice.
            "DADNS_PEER_SYNC_PEER_2_URL": "http://FILE.example:2222/",
            "DADNS_PEER_SYNC_PEER_2_PASSWORD": "2-secret",
            // After a gap (no _3_URL): ignored, as in the reference.
            "DADNS_PEER_SYNC_PEER_4_URL": "http://four.example:2222",
            "DADNS_PEER_SYNC_PEER_4_PASSWORD": "4-secret",
        ]
        let loaded = try load(
            "peer_sync:\n  peers:\n    - {url: 'http://file.example:2222', password: f-secret}\n", environment: environment)
        #expect(!loaded.warnings.contains { $0.contains("DADNS_PEER_SYNC") }, "\(loaded.warnings)")
        let config = loaded.config
        #expect(config.peerSync.enabled)
        #expect(config.peerSync.peers.map(\.url) == ["http://file.example:2222", "http://single.example:2222", "http://one.example:2222"])
        #expect(config.peerSync.peers.map { $0.origin == .environment } == [false, true, true])
        #expect(config.peerSync.peers[1].username == "peersync" && config.peerSync.peers[2].username == "u1" && config.peerSync.peers[0].password == "f-secret")
        #expect(config.peerSync.settings.peers.map(\.origin) == [.config, .environment, .environment])
        let printed = ConfigPrinter.render(config)
        #expect(!printed.contains("s-secret") && !printed.contains("1-secret") && !printed.contains("f-secret"))
    }

    @Test func badPeersAndSharedCredentialsStopStartUpWithoutShowingSecrets() throws {
        let cases: [(String, [String: String], String)] = [
            ("peer_sync:\n  peers:\n    - {username: a, password: topsecret}\n", [:], "peer_sync.peers[0].url"),
            ("peer_sync:\n  peers:\n    - {url: 'ftp://x.example', password: topsecret}\n", [:], "peer_sync.peers[0].url"),
            ("peer_sync:\n  peers:\n    - {url: 'http://user:topsecret@x.example', password: topsecret}\n", [:], "peer_sync.peers[0].url"),
            ("peer_sync:\n  peers:\n    - {url: 'http://x.example'}\n", [:], "peer_sync.peers[0].password"),
            ("peer_sync:\n  peers:\n    - {url: 'http://x.example', password: topsecret, colour: red}\n", [:], "peer_sync.peers[0].colour"),
            ("peer_sync:\n  peers:\n    - {url: 'http://x.example', password: topsecret}\n    - {url: 'http://X.example:80/', password: b}\n",
             [:], "peer_sync.peers[1].url"),
            ("", ["DADNS_PEER_SYNC_PEER_URL": "http://x.example"], "DADNS_PEER_SYNC_PEER_PASSWORD"),
            ("", ["DADNS_PEER_SYNC_PEER_1_URL": "not a url", "DADNS_PEER_SYNC_PEER_1_PASSWORD": "topsecret"], "DADNS_PEER_SYNC_PEER_1_URL"),
            ("peer_sync:\n  auth_username: directdnsonly\n  auth_password: da-secret\n", [:],
             "peer_sync.auth_password"),
            ("peer_sync:\n  self_url: 'gopher://me'\n", [:], "peer_sync.self_url"),
        ]
        for (yaml, environment, key) in cases {
            do {
                _ = try load(yaml, environment: environment)
                Issue.record("accepted: \(yaml) \(environment)")
            } catch let error as ConfigError {
                #expect(error.key == key, "\(error)")
                #expect(!error.description.contains("topsecret") && !error.description.contains("da-secret"), "\(error)")
            }
        }
        let noPeers = try load("peer_sync:\n  enabled: true\n")
        #expect(noPeers.warnings.contains("Peer sync enabled but no peers configured"))
    }
}
