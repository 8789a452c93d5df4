import SettingsKit

/// `dns_address` of a bind or nsd stanza: where that server answers DNS queries, so the
/// served-state probe (`probe.*`) can ask it for each zone's SOA. One key, shared by the backend
/// types whose server answers queries itself.
public enum ServedDNSAddress {
    public static let key = SettingKey(
        "dns_address", .dnsAddress,
        "Where this server answers DNS queries (port 53 unless given; an IP address, not a host name): the served-state probe (probe.*) asks it for each zone's SOA. Unset: not probed.")

    /// The stanza's address, nil when it names none (or its type has no such key).
    public static func of(_ stanza: BackendStanza) -> DNSServerAddress? {
        guard let text = stanza.optionalText(key), case .success(let address) = DNSServerAddress.parse(text) else { return nil }
        return address
    }
}
