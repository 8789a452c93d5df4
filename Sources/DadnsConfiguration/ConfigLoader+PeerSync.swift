import Foundation
import Engine
import SettingsKit

extension ConfigLoader {
    /// The environment variables that add peers, as the reference reads them: one peer
    /// (`DADNS_PEER_SYNC_PEER_URL`, `_USERNAME`, `_PASSWORD`) and numbered ones
    /// (`DADNS_PEER_SYNC_PEER_1_URL` … `_9_…`, stopping at the first missing `_URL`).
    static func environmentPeerPrefixes(_ environment: [String: String]) -> [String] {
        var prefixes = ["DADNS_PEER_SYNC_PEER_"]
        for index in 1...9 {
            guard environment["DADNS_PEER_SYNC_PEER_\(index)_URL"] != nil else { break }
            prefixes.append("DADNS_PEER_SYNC_PEER_\(index)_")
        }
        return prefixes
    }

    /// `peer_sync.peers` (a list of `{url, username, password}`), then the environment's peers
    /// whose URL is not listed yet. URLs are normalized; errors never show a password.
    static func checkPeers(_ tree: ConfigNode, environment: [String: String]) throws -> [PeerEndpoint] {
        var peers: [PeerEndpoint] = []
        let entries = try listEntries(
            tree["peer_sync"]?["peers"], base: "peer_sync.peers", keys: ConfigSchema.Peer.all,
            expected: "a list of peers (- url: …, username: …, password: …)")
        for entry in entries {
            let key = entry.key
            let peer: PeerEndpoint
            do {
                peer = try peerEntry(
                    url: entry.optionalText(ConfigSchema.Peer.url), username: entry.optionalText(ConfigSchema.Peer.username),
                    password: entry.optionalText(ConfigSchema.Peer.password), fromEnvironment: false,
                    keys: (url: "\(key).url", username: "\(key).username", password: "\(key).password"))
            } catch var failure as ConfigError {
                failure.line = entry.line
                throw failure
            }
            guard !peers.contains(where: { $0.url == peer.url }) else {
                throw ConfigError(key: "\(key).url", reason: "\(peer.url) is listed twice", line: entry.line)
            }
            peers.append(peer)
        }
        for prefix in environmentPeerPrefixes(environment) {
            guard let url = environment[prefix + "URL"] else { continue }
            let peer = try peerEntry(
                url: url, username: environment[prefix + "USERNAME"] ?? ConfigSchema.Peer.username.defaultValue,
                password: environment[prefix + "PASSWORD"],
                fromEnvironment: true, keys: (url: prefix + "URL", username: prefix + "USERNAME", password: prefix + "PASSWORD"))
            if !peers.contains(where: { $0.url == peer.url }) { peers.append(peer) }
        }
        return peers
    }

    private static func peerEntry(
        url: String?, username: String?, password: String?, fromEnvironment: Bool,
        keys: (url: String, username: String, password: String)
    ) throws -> PeerEndpoint {
        guard let url, !url.isEmpty else { throw ConfigError(key: keys.url, reason: "missing: every peer needs its URL") }
        guard let normalized = PeerEndpoint.normalize(url) else {
            throw ConfigError(
                key: keys.url,
                reason: "'\(url.contains("@") ? "(a URL with credentials)" : url)' is not a usable peer URL (http:// or https://, a host name or address, no credentials, query or fragment)")
        }
        guard let username, !username.isEmpty else { throw ConfigError(key: keys.username, reason: "missing: \(normalized) needs a user name") }
        guard let password, !password.isEmpty else {
            throw ConfigError(key: keys.password, reason: "missing: \(normalized) needs the password it accepts on /internal")
        }
        return PeerEndpoint(url: normalized, username: username, password: password, origin: fromEnvironment ? .environment : .config)
    }

    /// Cross-key checks of `peer_sync.*`.
    static func checkPeerSync(_ config: AppConfig, warnings: inout [String]) throws {
        for url in config.peerSync.selfURLTexts where PeerEndpoint.normalize(url) == nil {
            throw ConfigError(key: "peer_sync.self_url", reason: "'\(url)' is not a usable URL (http:// or https://, a host name or address)")
        }
        if let peerPassword = config.peerSync.authPassword, peerPassword == config.server.authPassword,
            config.peerSync.authUsername == config.server.authUsername
        {
            throw ConfigError(
                key: "peer_sync.auth_password",
                reason: "the peer credentials equal DirectAdmin's (app.auth_username/auth_password): peers could then push and delete zones; choose other ones")
        }
        guard config.peerSync.enabled else { return }
        if config.peerSync.peers.isEmpty { warnings.append("Peer sync enabled but no peers configured") }
        if config.peerSync.authPassword == nil {
            warnings.append("peer_sync.auth_password is not set: /internal refuses every request, so no peer can pull from this node")
        }
    }
}
