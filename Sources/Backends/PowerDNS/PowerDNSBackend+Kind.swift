import SettingsKit

extension BackendKind {
    /// `type: powerdns`: zones through the PowerDNS Authoritative HTTP API.
    public static let powerDNS = BackendKind(
        type: "powerdns", keys: PowerDNSSettings.Keys.all,
        make: { stanza, logger in
            try PowerDNSSettings.preflight(stanza)
            return PowerDNSBackend(name: stanza.name, settings: PowerDNSSettings(stanza: stanza), logger: logger)
        },
        preflight: PowerDNSSettings.preflight,
        location: { stanza in "\(PowerDNSSettings(stanza: stanza).serverURL)" },
        paths: { stanza in
            PowerDNSSettings(stanza: stanza).caFile.map {
                [BackendPath(PowerDNSSettings.Keys.tlsCAFile, $0, .readFile(consequence: "the server's certificate cannot be checked"))]
            } ?? []
        },
        serviceChecks: { stanza, timeLimit in await PowerDNSSettings(stanza: stanza).serverCheck(stanza, timeLimit: timeLimit) })
}
