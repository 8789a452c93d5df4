import SettingsKit

extension PowerDNSSettings {
    /// `dadns doctor`'s check: `GET /api/v1/servers/<server_id>` answers and accepts the key.
    /// Read-only; the key is never shown.
    func serverCheck(_ stanza: BackendStanza, timeLimit: Double) async -> [DoctorFinding] {
        var settings = self
        settings.timeout = min(timeout, timeLimit)
        let check = "\(stanza.name) PowerDNS API \(serverURL)"
        do {
            let server = try await PowerDNSAPI.with(settings, keyPath: stanza.path(Keys.apiKey)) { try await $0.server() }
            let version = server["version"].map { " (PowerDNS \($0))" } ?? ""
            return [.ok(check, "answers and accepts the key\(version)")]
        } catch let error as PowerDNSError {
            let fix: String
            switch error {
            case .keyRefused: fix = "set \(stanza.path(Keys.apiKey)) to pdns.conf's api-key, and webserver-allow-from to include this host"
            case .rejected(404, _): fix = "check \(stanza.path(Keys.serverID)) (PowerDNS's own is localhost)"
            default: fix = "check that pdns_server runs with api=yes and webserver=yes, and \(stanza.path(Keys.apiURL))"
            }
            return [.error(check, "\(error)", fix: fix, stopsStartUp: false)]
        } catch {
            return [.error(check, "\(error)", fix: "check \(stanza.path(Keys.apiURL))", stopsStartUp: false)]
        }
    }
}
