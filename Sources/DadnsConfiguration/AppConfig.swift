import DirectAdmin
import Engine
import SettingsKit

/// The effective configuration after defaults, the file and the environment: every value
/// checked against `ConfigSchema` (or its backend type's keys), in typed sections each part of
/// the daemon reads.
public struct AppConfig: Sendable {
    /// `app.*`: the HTTP server.
    public var server: ServerSection
    /// `datastore.*`.
    public var store: StoreSection
    /// `dns.*` besides the stanzas.
    public var dispatch: DispatchSection
    public var healing: HealingSection
    public var reconciliation: ReconciliationSection
    public var peerSync: PeerSyncSection
    public var logging: LoggingSection
    public var status: StatusSection
    /// `probe.*`: the served-state probe.
    public var probe: ProbeSettings
    /// The `dns.backends` stanzas, in file order.
    public var backends: [BackendStanza]
    /// Every global key's effective value, unused reference keys included (for `check-config`).
    public let effective: ConfigValues
    /// Where the configuration came from: a file path, or nil for the embedded default.
    public var sourceFile: String?
    /// Keys set from `DADNS_…` variables.
    public var fromEnvironment: Set<String>

    init(values: ConfigValues, backends: [BackendStanza], directAdminServers: [DirectAdminServer], peers: [PeerEndpoint]) {
        effective = values
        server = ServerSection(values)
        store = StoreSection(values)
        dispatch = DispatchSection(values)
        healing = HealingSection(values)
        reconciliation = ReconciliationSection(values, servers: directAdminServers)
        peerSync = PeerSyncSection(values, peers: peers, listenPort: server.listenPort)
        logging = LoggingSection(values)
        status = StatusSection(values)
        probe = ProbeSection.settings(values)
        self.backends = backends
        sourceFile = nil
        fromEnvironment = []
    }

    public var enabledBackends: [BackendStanza] { backends.filter(\.enabled) }
    /// `store.databasePath`, which most commands open.
    public var databasePath: String { store.databasePath }
    /// `server.listenPort`, which the operator commands and peer sync need.
    public var listenPort: Int { server.listenPort }
}
