import Backends
import DirectAdmin
import Engine
import MariaDB
import SettingsKit
import ZoneStore

/// Every configuration key outside the backend stanzas, by section (each backend type owns its
/// stanza's keys: `BackendRegistry`). Keys follow the reference project's `app.yml`, so an
/// operator's file works unchanged.
public enum ConfigSchema {
    public typealias Key = SettingKey

    static let logLevels = ["debug", "info", "warning", "error", "critical", "trace", "notice"]

    /// Logging: `log_level` and the reference's other top-level log settings.
    public enum Logging {
        public static let level = SettingKey("log_level", .choice(logLevels), default: "info", "Log level (DEBUG, INFO, WARNING, ERROR).")
        public static let format = SettingKey("log_format", .choice(["text", "json"]), default: "text", unused: true, "Reference setting (text or JSON log lines); accepted and unused.")
        public static let timezone = SettingKey("timezone", .text, default: "UTC", unused: true, "Reference setting (time zone of log time stamps); accepted and unused.")
        public static let all = [level, format, timezone]
    }

    /// Top-level reference keys dadns accepts and does not act on.
    public enum Reference {
        public static let queueLocation = SettingKey("queue_location", .text, default: "./data/queues", unused: true, "Kept for compatibility: the durable store replaces the reference's queues.")
        public static let environment = SettingKey("environment", .text, unused: true, "Reference (CherryPy) setting; accepted and unused.")
        public static let all = [queueLocation, environment]
    }

    /// The store: `datastore.*`.
    public enum Store {
        public static let storeType = SettingKey(
            "datastore.type", .choice(["sqlite", "mysql"]), default: "sqlite",
            "sqlite: a file local to this node; mysql: a MariaDB/MySQL database several nodes share (docs/store-mariadb.md).")
        public static let dbLocation = SettingKey("datastore.db_location", .text, default: "./data/directdnsonly.db", "SQLite database file (type sqlite).")
        public static let journalRetentionDays = SettingKey("datastore.journal_retention_days", .number(1...36500), default: "90", "How long the change journal keeps entries.")
        public static let historyVersions = SettingKey(
            "datastore.history_versions", .integer(1...1000), default: 20,
            "How many versions of each zone's text the store keeps for `dadns zone history`, `diff` and `rollback` (pruned with the journal).")
        public static let host = SettingKey("datastore.host", .text, default: MariaDBConfiguration.Defaults.host, "MariaDB/MySQL host (type mysql).")
        public static let port = SettingKey("datastore.port", .integer(1...65535), default: MariaDBConfiguration.Defaults.port, "MariaDB/MySQL port (type mysql).")
        public static let name = SettingKey("datastore.name", .text, default: "directdnsonly", "Database name (type mysql).")
        public static let user = SettingKey("datastore.user", .text, default: "directdnsonly", "User name (type mysql).")
        public static let pass = SettingKey("datastore.pass", .text, secret: true, "Password (type mysql; required there, as in the reference).")
        public static let ssl = SettingKey("datastore.ssl", .bool, default: MariaDBConfiguration.Defaults.tls.enabled, "Connect to the database with TLS; a server without TLS is refused (type mysql).")
        public static let sslCA = SettingKey("datastore.ssl_ca", .text, "CA bundle (PEM) to check the database server's certificate with (type mysql).")
        public static let poolSize = SettingKey("datastore.pool_size", .integer(1...64), default: 4, "Connections this node keeps to the database (type mysql).")
        public static let pollIntervalMilliseconds = SettingKey(
            "datastore.poll_interval_ms", .integer(10...60000), default: 250,
            "How often this node looks in the shared journal for other nodes' changes, in milliseconds (type mysql; one indexed query).")
        public static let spoolLocation = SettingKey(
            "datastore.spool_location", .text,
            "Local spool file for changes accepted while the shared database cannot be reached (type mysql; default: spool.db in db_location's directory).")
        public static let heartbeatSeconds = SettingKey(
            "datastore.heartbeat_seconds", .integer(1...300), default: 5,
            "How often this node writes its heartbeat to the shared store, in seconds; a node silent for 3 intervals is reported, and a cluster lease lasts 3 intervals (type mysql).")
        public static let synchronous = SettingKey(
            "datastore.synchronous", .choice(SQLiteSynchronous.allCases.map(\.rawValue)), default: SQLiteSynchronous.full.rawValue,
            "How the SQLite store (type mysql: the spool) commits: full, an acknowledged push is on disk and survives a power loss; normal, it survives a crash of dadns, a power loss may lose the last ones (docs/operations.md, Durability).")
        public static let all = [
            storeType, dbLocation, journalRetentionDays, historyVersions, host, port, name, user, pass, ssl, sslCA, poolSize, pollIntervalMilliseconds,
            heartbeatSeconds, spoolLocation, synchronous,
        ]
    }

    /// The HTTP server DirectAdmin and operators reach: `app.*`.
    public enum Server {
        public static let authUsername = SettingKey("app.auth_username", .text, default: "directdnsonly", "User name DirectAdmin authenticates with.")
        public static let authPassword = SettingKey("app.auth_password", .text, secret: true, "Password DirectAdmin authenticates with.")
        public static let listenPort = SettingKey("app.listen_port", .integer(1...65535), default: "2222", "HTTP(S) port for DirectAdmin.")
        public static let listenAddress = SettingKey("app.listen_address", .text, default: "0.0.0.0", "Address to listen on.")
        public static let sslEnable = SettingKey("app.ssl_enable", .bool, default: "false", "Serve HTTPS.")
        public static let sslCert = SettingKey("app.ssl_cert", .text, "TLS certificate (PEM).")
        public static let sslKey = SettingKey("app.ssl_key", .text, "TLS private key (PEM file).")
        public static let sslBundle = SettingKey("app.ssl_bundle", .text, "TLS certificate chain (PEM).")
        public static let checkSubdomainOwner = SettingKey("app.check_subdomain_owner_in_cluster_domainowners", .bool, default: "true",
            "Answer exists=3 with the owner of an ancestor zone (0/1 as in the reference, default 1).")
        public static let proxySupport = SettingKey("app.proxy_support", .bool, default: "true", unused: true, "Reference setting (trust X-Forwarded-For); accepted and unused.")
        public static let proxySupportBase = SettingKey("app.proxy_support_base", .text, unused: true, "Reference setting; accepted and unused.")
        public static let logLevel = SettingKey("app.log_level", .text, unused: true, "Reference (access log) setting; accepted and unused.")
        public static let logTo = SettingKey("app.log_to", .text, unused: true, "Reference v1 setting; accepted and unused.")
        public static let tokenValidForDays = SettingKey("app.token_valid_for_days", .text, unused: true, "Reference v1 setting; accepted and unused.")
        public static let queueLocation = SettingKey("app.queue_location", .text, unused: true, "Reference v1 setting; accepted and unused.")
        public static let maxBodySize = SettingKey("app.max_body_size", .byteSize, default: "16M", "Largest request body accepted (413 above).")
        public static let nodeName = SettingKey(
            "app.node_name", .text,
            "This node's name among the nodes sharing a mysql datastore (default: the host name; letters, digits, '.', '-', '_').")
        public static let idleTimeoutSeconds = SettingKey("app.idle_timeout_seconds", .number(1...3600), default: "60",
            "Close a connection that sends nothing for this long (slow or stuck clients).")
        public static let all = [authUsername, authPassword, listenPort, listenAddress, sslEnable, sslCert, sslKey, sslBundle, checkSubdomainOwner, proxySupport, proxySupportBase, logLevel, logTo, tokenValidForDays, queueLocation, maxBodySize, nodeName, idleTimeoutSeconds]
    }

    /// Healing passes: `healing.*`.
    public enum Healing {
        public static let enabled = SettingKey("healing.enabled", .bool, default: "true", "Compare backends with the desired state periodically and repair drift.")
        public static let intervalMinutes = SettingKey("healing.interval_minutes", .number(0.001...10080), default: "60", "Minutes between healing passes.")
        public static let initialDelayMinutes = SettingKey("healing.initial_delay_minutes", .number(0...10080), default: "1", "Minutes after start before the first pass.")
        public static let dryRun = SettingKey("healing.dry_run", .bool, default: "false", "Only log what a healing pass would repair.")
        public static let all = [enabled, intervalMinutes, initialDelayMinutes, dryRun]
    }

    /// The reconciler: `reconciliation.*` (the server list is `directAdminServerKeys`).
    public enum Reconciliation {
        public static let enabled = SettingKey("reconciliation.enabled", .bool, default: "false", "Poll the DirectAdmin servers and bring the store in line with them.")
        public static let dryRun = SettingKey("reconciliation.dry_run", .bool, default: ReconcilerSettings.Defaults.dryRun,
            "Only log the orphans a pass would delete and the zones it would fetch (owner backfill and migration still commit).")
        public static let intervalMinutes = SettingKey("reconciliation.interval_minutes", .number(0.001...10080), default: "60", "Minutes between reconciliation passes.")
        public static let initialDelayMinutes = SettingKey("reconciliation.initial_delay_minutes", .number(0...10080), default: "0", "Minutes after start before the first pass.")
        public static let verifySsl = SettingKey("reconciliation.verify_ssl", .bool, default: ReconcilerSettings.Defaults.verifyCertificates, "Verify DirectAdmin's TLS certificate (false for self-signed ones).")
        public static let itemsPerPage = SettingKey("reconciliation.ipp", .integer(1...100_000), default: ReconcilerSettings.Defaults.itemsPerPage, "Items per page when listing a DirectAdmin server's domains.")
        public static let timeoutSeconds = SettingKey("reconciliation.timeout_seconds", .number(0.1...600), default: ReconcilerSettings.Defaults.timeoutSeconds, "Time limit of each call to DirectAdmin.")
        public static let maxDeleteShare = SettingKey("reconciliation.max_delete_share", .number(0...1), default: ReconcilerSettings.Defaults.maxDeleteShare,
            "A pass that would delete more than this share of a server's zones deletes none of them (bulk-delete guard).")
        public static let maxDeleteFloor = SettingKey("reconciliation.max_delete_floor", .integer(0...1_000_000), default: ReconcilerSettings.Defaults.maxDeleteFloor,
            "A pass may always delete this many of a server's zones, whatever the share.")
        public static let fetchMissing = SettingKey("reconciliation.fetch_missing", .bool, default: ReconcilerSettings.Defaults.fetchMissing,
            "Fetch zones a DirectAdmin server has and the store lacks (pushed while this node was down).")
        public static let fetchPerSecond = SettingKey("reconciliation.fetch_per_second", .number(0.01...1000), default: ReconcilerSettings.Defaults.fetchesPerSecond, "Most zone fetches per second from DirectAdmin.")
        public static let all = [enabled, dryRun, intervalMinutes, initialDelayMinutes, verifySsl, itemsPerPage, timeoutSeconds, maxDeleteShare, maxDeleteFloor, fetchMissing, fetchPerSecond]
    }

    /// Peer sync: `peer_sync.*` (the peer list is `peerKeys`).
    public enum PeerSync {
        public static let enabled = SettingKey("peer_sync.enabled", .bool, default: "false", "Pull zones from peer dadns instances (Topology C).")
        public static let intervalMinutes = SettingKey("peer_sync.interval_minutes", .number(0.001...10080), default: PeerSyncSettings.Defaults.intervalMinutes, "Minutes between peer-sync passes (fractions allowed).")
        public static let authUsername = SettingKey("peer_sync.auth_username", .text, default: "peersync", "User name peers authenticate with on /internal (not DirectAdmin's).")
        public static let authPassword = SettingKey("peer_sync.auth_password", .text, secret: true,
            "Password peers authenticate with on /internal; unset: /internal refuses every request.")
        public static let selfUrl = SettingKey("peer_sync.self_url", .text, "This node's own URL(s) as peers reach it, comma-separated: never added as a peer by gossip.")
        public static let gossip = SettingKey("peer_sync.gossip", .bool, default: PeerSyncSettings.Defaults.gossip, "Add the peers other peers list in /internal/peers (with the credentials of the peer that listed them).")
        public static let maxPeers = SettingKey("peer_sync.max_peers", .integer(1...1000), default: PeerSyncSettings.Defaults.maxPeers, "Most peers known at once, configured and discovered.")
        public static let timeoutSeconds = SettingKey("peer_sync.timeout_seconds", .number(0.1...600), default: PeerSyncSettings.Defaults.timeoutSeconds, "Time limit of each call to a peer.")
        public static let fetchConcurrency = SettingKey("peer_sync.fetch_concurrency", .integer(1...64), default: PeerSyncSettings.Defaults.fetchConcurrency, "Most zone texts fetched from one peer at once.")
        public static let tombstoneDays = SettingKey("peer_sync.tombstone_days", .number(0.0001...36500), default: PeerSyncSettings.Defaults.tombstoneDays,
            "Deleted zones are remembered (and passed on to peers) this long, then forgotten.")
        public static let verifySsl = SettingKey("peer_sync.verify_ssl", .bool, default: PeerSyncSettings.Defaults.verifyCertificates, "Verify peers' TLS certificates (false for self-signed ones).")
        public static let all = [enabled, intervalMinutes, authUsername, authPassword, selfUrl, gossip, maxPeers, timeoutSeconds, fetchConcurrency, tombstoneDays, verifySsl]
    }

    /// `/status`: `status.*`.
    public enum Status {
        public static let lagWarningSeconds = SettingKey("status.lag_warning_seconds", .number(1...86400), default: StatusReporter.defaultLagWarningSeconds,
            "A backend whose oldest unapplied change is older than this is reported degraded.")
        public static let all = [lagWarningSeconds]
    }

    /// Dispatch to the backends: `dns.*` (the stanzas are `dns.backends`).
    public enum Dispatch {
        public static let defaultBackend = SettingKey("dns.default_backend", .text, unused: true, "Accepted for compatibility (the reference never reads it).")
        public static let settleSeconds = SettingKey("dns.settle_seconds", .number(0...60), default: "0", "Wait this long after a change before applying, so a burst of saves is applied once.")
        public static let retryScheduleSeconds = SettingKey("dns.retry_schedule_seconds", .numberList(0.01...86400), default: RetryPolicy.defaultDelays,
            "Delays before each retry of a failed (backend, zone); after the last the pair is failed and retried at the last delay, for ever.")
        public static let batchSize = SettingKey("dns.batch_size", .integer(1...100_000),
            "Most zones one backend batch applies. Unset: each backend's own — bind 10000 (its `rndc reconfig` costs the same whatever changed), the others 500.")
        public static let all = [defaultBackend, settleSeconds, retryScheduleSeconds, batchSize]
    }

    /// The served-state probe: `probe.*` (each bind or nsd backend's `dns_address` says where to ask).
    public enum Probe {
        public static let intervalMinutes = SettingKey("probe.interval_minutes", .number(0...10080), default: ProbeSettings.Defaults.intervalMinutes,
            "Minutes between probe passes asking each backend with a dns_address for every zone's SOA; 0: no periodic pass (dadns probe still runs one).")
        public static let queriesPerSecond = SettingKey("probe.queries_per_second", .number(1...100_000), default: ProbeSettings.Defaults.queriesPerSecond,
            "Most SOA queries per second sent to one backend's server.")
        public static let inFlight = SettingKey("probe.in_flight", .integer(1...4096), default: ProbeSettings.Defaults.inFlight,
            "Most queries awaiting an answer from one server at once.")
        public static let timeoutMs = SettingKey("probe.timeout_ms", .integer(10...60_000), default: ProbeSettings.Defaults.timeoutMilliseconds,
            "How long one query waits for its answer.")
        public static let retries = SettingKey("probe.retries", .integer(0...10), default: ProbeSettings.Defaults.retries,
            "Queries sent again after a timeout before the zone counts as unanswered.")
        public static let all = [intervalMinutes, queriesPerSecond, inFlight, timeoutMs, retries]
    }

    /// Keys outside `dns.backends`, in the order `check-config` prints them.
    /// (`dns.*` last: the printout puts the backend stanzas under it.)
    public static let keys: [Key] = Logging.all + Reference.all + Store.all + Server.all + Healing.all + Reconciliation.all + PeerSync.all + Status.all
        + Probe.all + Dispatch.all

    /// Keys of each `reconciliation.directadmin_servers[]` entry.
    public enum DirectAdminServer {
        public static let hostname = Key("hostname", .text, "The DirectAdmin server's host name (also the owner name its pushes carry).")
        public static let port = Key("port", .integer(1...65535), default: DirectAdmin.DirectAdminServer.Defaults.port, "DirectAdmin's port.")
        public static let username = Key("username", .text, "An admin user name.")
        public static let password = Key("password", .text, secret: true, "Its password or login key.")
        public static let ssl = Key("ssl", .bool, default: DirectAdmin.DirectAdminServer.Defaults.ssl, "HTTPS (true) or HTTP.")
        public static let all = [hostname, port, username, password, ssl]
    }

    /// Keys of each `peer_sync.peers[]` entry.
    public enum Peer {
        public static let url = Key("url", .text, "The peer's base URL (http:// or https://, host, port).")
        public static let username = Key(
            "username", .text, default: PeerSync.authUsername.defaultValue, "The user name the peer accepts on /internal (its peer_sync.auth_username).")
        public static let password = Key("password", .text, secret: true, "Its password (the peer's peer_sync.auth_password).")
        public static let all = [url, username, password]
    }

    public static var directAdminServerKeys: [Key] { DirectAdminServer.all }
    public static var peerKeys: [Key] { Peer.all }

    public static func key(_ path: String) -> Key? { keys.first { $0.path == path } }
}
