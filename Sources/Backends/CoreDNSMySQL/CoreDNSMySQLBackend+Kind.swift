import MariaDB
import SettingsKit

extension BackendKind {
    /// `type: coredns_mysql`: zones and records in the tables of CoreDNS's MySQL plugin.
    public static let coreDNSMySQL = BackendKind(
        type: "coredns_mysql", keys: CoreDNSMySQLSettings.Keys.all,
        make: { stanza, logger in
            do {
                return try CoreDNSMySQLBackend(name: stanza.name, settings: CoreDNSMySQLSettings(stanza: stanza), logger: logger)
            } catch let error as MariaDBError {
                throw CoreDNSMySQLSettings.configError(error, stanza: stanza)
            }
        },
        preflight: CoreDNSMySQLSettings.preflight,
        location: { stanza in CoreDNSMySQLSettings(stanza: stanza).connection.address },
        serviceChecks: { stanza, timeLimit in await CoreDNSMySQLSettings(stanza: stanza).loginCheck(stanza, timeLimit: timeLimit) })
}
