import Engine
import Foundation
import SettingsKit

/// `peer_sync.*`: pulling zones from other dadns nodes, and the credentials they pull with.
public struct PeerSyncSection: Sendable {
    public var enabled: Bool
    public var intervalMinutes: Double
    /// The user name peers log in with on /internal.
    public var authUsername: String
    /// nil: /internal refuses every request.
    public var authPassword: String?
    /// `self_url` split at commas.
    public var selfURLTexts: [String]
    public var gossip: Bool
    public var maxPeers: Int
    public var timeoutSeconds: Double
    public var fetchConcurrency: Int
    public var tombstoneDays: Double
    /// `verify_ssl`.
    public var verifyCertificates: Bool
    /// `peers`, then the environment's peers not already listed.
    public var peers: [AppConfig.PeerEntry] = []

    init(_ values: ConfigValues) {
        typealias Keys = ConfigSchema.PeerSync
        enabled = values.bool(Keys.enabled)
        intervalMinutes = values.number(Keys.intervalMinutes)
        authUsername = values.text(Keys.authUsername)
        authPassword = values.optionalText(Keys.authPassword)
        selfURLTexts = values.text(Keys.selfUrl).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        gossip = values.bool(Keys.gossip)
        maxPeers = values.integer(Keys.maxPeers)
        timeoutSeconds = values.number(Keys.timeoutSeconds)
        fetchConcurrency = values.integer(Keys.fetchConcurrency)
        tombstoneDays = values.number(Keys.tombstoneDays)
        verifyCertificates = values.bool(Keys.verifySsl)
    }
}

extension AppConfig {
    /// Peer sync's settings from `peer_sync.*` (and the port this node listens on).
    public func peerSyncSettings() -> PeerSyncSettings {
        PeerSyncSettings(
            peers: peerSync.peers.map {
                PeerEndpoint(url: $0.url, username: $0.username, password: $0.password, origin: $0.fromEnvironment ? .environment : .config)
            },
            intervalMinutes: peerSync.intervalMinutes,
            timeout: .milliseconds(Int(peerSync.timeoutSeconds * 1000)),
            tombstoneDays: peerSync.tombstoneDays,
            fetchConcurrency: peerSync.fetchConcurrency,
            gossip: peerSync.gossip,
            maxPeers: peerSync.maxPeers,
            selfURLs: Set(peerSync.selfURLTexts.compactMap(PeerEndpoint.normalize)),
            listenPort: server.listenPort,
            verifyCertificates: peerSync.verifyCertificates)
    }
}
