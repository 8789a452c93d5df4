import Engine
import Foundation
import SettingsKit

/// `peer_sync.*`: whether this node pulls zones from other dadns nodes and how, and the
/// credentials those nodes pull from it with.
public struct PeerSyncSection: Sendable {
    public var enabled: Bool
    /// The user name peers log in with on /internal.
    public var authUsername: String
    /// nil: /internal refuses every request.
    public var authPassword: String?
    /// `self_url` split at commas, as written.
    public var selfURLTexts: [String]
    /// The interval, time limits, tombstones, gossip, `self_url` normalized, and the peers
    /// (`peers`, then the environment's peers not already listed).
    public var settings: PeerSyncSettings

    init(_ values: ConfigValues, peers: [PeerEndpoint], listenPort: Int) {
        typealias Keys = ConfigSchema.PeerSync
        enabled = values.bool(Keys.enabled)
        authUsername = values.text(Keys.authUsername)
        authPassword = values.optionalText(Keys.authPassword)
        selfURLTexts = values.text(Keys.selfUrl).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        settings = PeerSyncSettings(
            peers: peers, intervalMinutes: values.number(Keys.intervalMinutes),
            timeout: .milliseconds(Int(values.number(Keys.timeoutSeconds) * 1000)), tombstoneDays: values.number(Keys.tombstoneDays),
            fetchConcurrency: values.integer(Keys.fetchConcurrency), gossip: values.bool(Keys.gossip),
            maxPeers: values.integer(Keys.maxPeers), selfURLs: Set(selfURLTexts.compactMap(PeerEndpoint.normalize)),
            listenPort: listenPort, verifyCertificates: values.bool(Keys.verifySsl))
    }

    /// The peers from the file and the environment.
    public var peers: [PeerEndpoint] { settings.peers }
}
