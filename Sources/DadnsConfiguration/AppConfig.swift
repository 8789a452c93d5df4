import SettingsKit

/// The effective configuration after defaults, the file and the environment: every value
/// checked against `ConfigSchema` (or its backend type's keys), in typed sections each part of
/// the daemon reads.
public struct AppConfig: Sendable {
    /// One `reconciliation.directadmin_servers[]` entry.
    public struct DirectAdminServerEntry: Sendable, Equatable {
        public var hostname: String
        public var port: Int
        public var username: String
        public var password: String
        public var ssl: Bool
    }

    /// One peer from `peer_sync.peers[]` or the `DADNS_PEER_SYNC_PEER_…` variables.
    public struct PeerEntry: Sendable, Equatable {
        /// Normalized (`PeerEndpoint.normalize`).
        public var url: String
        public var username: String
        public var password: String
        public var fromEnvironment: Bool
    }

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
    /// The `dns.backends` stanzas, in file order.
    public var backends: [BackendStanza]
    /// Every global key's effective value, unused reference keys included (for `check-config`).
    public let effective: ConfigValues
    /// Where the configuration came from: a file path, or nil for the embedded default.
    public var sourceFile: String?
    /// Keys set from `DADNS_…` variables.
    public var fromEnvironment: Set<String>

    init(values: ConfigValues, backends: [BackendStanza]) {
        effective = values
        server = ServerSection(values)
        store = StoreSection(values)
        dispatch = DispatchSection(values)
        healing = HealingSection(values)
        reconciliation = ReconciliationSection(values)
        peerSync = PeerSyncSection(values)
        logging = LoggingSection(values)
        status = StatusSection(values)
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
