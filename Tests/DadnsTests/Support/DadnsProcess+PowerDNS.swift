import DadnsTestKit

extension DadnsProcess {
    /// A `powerdns` backend stanza for a test pdns_server (its API URL and key).
    static func powerDNSBackend(_ server: PowerDNSServer, timeout: Int = 5) -> String {
        """
        powerdns:
          type: powerdns
          enabled: true
          api_url: \(server.apiURL)
          api_key: \(server.apiKey)
          timeout: \(timeout)
        """
    }
}
