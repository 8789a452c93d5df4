/// Every configuration key `dadns` knows: where it lives, what it holds, its default, and
/// whether it is a secret (masked in `check-config`, never logged). Keys follow the reference
/// project's `app.yml`, so an operator's file works unchanged.
enum ConfigSchema {
    /// What a key holds.
    enum ValueType: Equatable, Sendable {
        case text
        case bool
        case integer(ClosedRange<Int>)
        case number(ClosedRange<Double>)
        case choice([String])
        /// A size such as `16M`, `512k` or a plain number of bytes.
        case byteSize
        /// Comma-separated numbers, each in the range (a YAML list is accepted too).
        case numberList(ClosedRange<Double>)
    }

    struct Key: Sendable {
        /// Dotted path; under `dns.backends` the backend's name stands for itself.
        let path: String
        let type: ValueType
        let defaultValue: String?
        let secret: Bool
        /// A reference key `dadns` accepts (so the reference's file loads) but does not act on.
        let unused: Bool
        let help: String

        init(
            _ path: String, _ type: ValueType, default defaultValue: String? = nil, secret: Bool = false, unused: Bool = false,
            _ help: String
        ) {
            self.path = path
            self.type = type
            self.defaultValue = defaultValue
            self.secret = secret
            self.unused = unused
            self.help = help
        }
    }

    static let logLevels = ["debug", "info", "warning", "error", "critical", "trace", "notice"]

    /// Keys outside `dns.backends`.
    static let keys: [Key] = [
        Key("log_level", .choice(logLevels), default: "info", "Log level (DEBUG, INFO, WARNING, ERROR)."),
        Key("log_format", .choice(["text", "json"]), default: "text", unused: true, "Reference setting (text or JSON log lines); accepted and unused."),
        Key("timezone", .text, default: "UTC", unused: true, "Reference setting (time zone of log time stamps); accepted and unused."),
        Key("queue_location", .text, default: "./data/queues", unused: true, "Kept for compatibility: the durable store replaces the reference's queues."),
        Key("environment", .text, unused: true, "Reference (CherryPy) setting; accepted and unused."),
        Key("datastore.type", .choice(["sqlite"]), default: "sqlite", "Only SQLite: the store is local to each node."),
        Key("datastore.db_location", .text, default: "./data/directdnsonly.db", "SQLite database file."),
        Key("datastore.journal_retention_days", .number(1...36500), default: "90", "How long the change journal keeps entries."),
        Key("datastore.host", .text, unused: true, "Reference MySQL datastore; unused (SQLite only)."),
        Key("datastore.port", .text, unused: true, "Reference MySQL datastore; unused."),
        Key("datastore.name", .text, unused: true, "Reference MySQL datastore; unused."),
        Key("datastore.user", .text, unused: true, "Reference MySQL datastore; unused."),
        Key("datastore.pass", .text, secret: true, unused: true, "Reference MySQL datastore; unused."),
        Key("app.auth_username", .text, default: "directdnsonly", "User name DirectAdmin authenticates with."),
        Key("app.auth_password", .text, secret: true, "Password DirectAdmin authenticates with."),
        Key("app.listen_port", .integer(1...65535), default: "2222", "HTTP(S) port for DirectAdmin."),
        Key("app.listen_address", .text, default: "0.0.0.0", "Address to listen on."),
        Key("app.ssl_enable", .bool, default: "false", "Serve HTTPS."),
        Key("app.ssl_cert", .text, "TLS certificate (PEM)."),
        Key("app.ssl_key", .text, "TLS private key (PEM file)."),
        Key("app.ssl_bundle", .text, "TLS certificate chain (PEM)."),
        Key("app.check_subdomain_owner_in_cluster_domainowners", .bool, default: "true",
            "Answer exists=3 with the owner of an ancestor zone (0/1 as in the reference, default 1)."),
        Key("app.proxy_support", .bool, default: "true", unused: true, "Reference setting (trust X-Forwarded-For); accepted and unused."),
        Key("app.proxy_support_base", .text, unused: true, "Reference setting; accepted and unused."),
        Key("app.log_level", .text, unused: true, "Reference (access log) setting; accepted and unused."),
        Key("app.log_to", .text, unused: true, "Reference v1 setting; accepted and unused."),
        Key("app.token_valid_for_days", .text, unused: true, "Reference v1 setting; accepted and unused."),
        Key("app.queue_location", .text, unused: true, "Reference v1 setting; accepted and unused."),
        Key("app.max_body_size", .byteSize, default: "16M", "Largest request body accepted (413 above)."),
        Key("app.idle_timeout_seconds", .number(1...3600), default: "60",
            "Close a connection that sends nothing for this long (slow or stuck clients)."),
        Key("healing.enabled", .bool, default: "true", "Compare backends with the desired state periodically and repair drift."),
        Key("healing.interval_minutes", .number(0.001...10080), default: "60", "Minutes between healing passes."),
        Key("healing.initial_delay_minutes", .number(0...10080), default: "1", "Minutes after start before the first pass."),
        Key("healing.dry_run", .bool, default: "false", "Only log what a healing pass would repair."),
        Key("reconciliation.enabled", .bool, default: "false", "Poll the DirectAdmin servers and bring the store in line with them."),
        Key("reconciliation.dry_run", .bool, default: "false",
            "Only log the orphans a pass would delete and the zones it would fetch (owner backfill and migration still commit)."),
        Key("reconciliation.interval_minutes", .number(0.001...10080), default: "60", "Minutes between reconciliation passes."),
        Key("reconciliation.initial_delay_minutes", .number(0...10080), default: "0", "Minutes after start before the first pass."),
        Key("reconciliation.verify_ssl", .bool, default: "true", "Verify DirectAdmin's TLS certificate (false for self-signed ones)."),
        Key("reconciliation.ipp", .integer(1...100_000), default: "1000", "Items per page when listing a DirectAdmin server's domains."),
        Key("reconciliation.timeout_seconds", .number(0.1...600), default: "30", "Time limit of each call to DirectAdmin."),
        Key("reconciliation.max_delete_share", .number(0...1), default: "0.1",
            "A pass that would delete more than this share of a server's zones deletes none of them (bulk-delete guard)."),
        Key("reconciliation.max_delete_floor", .integer(0...1_000_000), default: "0",
            "A pass may always delete this many of a server's zones, whatever the share."),
        Key("reconciliation.fetch_missing", .bool, default: "true",
            "Fetch zones a DirectAdmin server has and the store lacks (pushed while this node was down)."),
        Key("reconciliation.fetch_per_second", .number(0.01...1000), default: "5", "Most zone fetches per second from DirectAdmin."),
        Key("peer_sync.enabled", .bool, default: "false", "Pull zones from peer dadns instances (Topology C)."),
        Key("peer_sync.interval_minutes", .number(0.001...10080), default: "15", "Minutes between peer-sync passes (fractions allowed)."),
        Key("peer_sync.auth_username", .text, default: "peersync", "User name peers authenticate with on /internal (not DirectAdmin's)."),
        Key("peer_sync.auth_password", .text, secret: true,
            "Password peers authenticate with on /internal; unset: /internal refuses every request."),
        Key("peer_sync.self_url", .text, "This node's own URL(s) as peers reach it, comma-separated: never added as a peer by gossip."),
        Key("peer_sync.gossip", .bool, default: "true", "Add the peers other peers list in /internal/peers (with the credentials of the peer that listed them)."),
        Key("peer_sync.max_peers", .integer(1...1000), default: "64", "Most peers known at once, configured and discovered."),
        Key("peer_sync.timeout_seconds", .number(0.1...600), default: "10", "Time limit of each call to a peer."),
        Key("peer_sync.fetch_concurrency", .integer(1...64), default: "8", "Most zone texts fetched from one peer at once."),
        Key("peer_sync.tombstone_days", .number(0.0001...36500), default: "30",
            "Deleted zones are remembered (and passed on to peers) this long, then forgotten."),
        Key("peer_sync.verify_ssl", .bool, default: "true", "Verify peers' TLS certificates (false for self-signed ones)."),
        Key("status.lag_warning_seconds", .number(1...86400), default: "300",
            "A backend whose oldest unapplied change is older than this is reported degraded."),
        Key("dns.default_backend", .text, unused: true, "Accepted for compatibility (the reference never reads it)."),
        Key("dns.settle_seconds", .number(0...60), default: "0", "Wait this long after a change before applying, so a burst of saves is applied once."),
        Key("dns.retry_schedule_seconds", .numberList(0.01...86400), default: "30,120,300,900,1800",
            "Delays before each retry of a failed (backend, zone); after the last the pair is failed and retried at the last delay, for ever."),
        Key("dns.batch_size", .integer(1...100_000), default: "500", "Most zones one backend batch applies."),
    ]

    /// Keys every backend stanza may have.
    static let commonBackendKeys: [Key] = [
        Key("type", .choice(backendTypes), "Backend implementation; defaults to the stanza's name."),
        Key("enabled", .bool, default: "false", "Whether the backend receives zones (off unless set, as in the reference)."),
        Key("instance_name", .text, unused: true, "Display name (reference setting); accepted and unused."),
    ]

    static let backendTypes = ["bind", "nsd", "coredns_mysql"]

    /// Keys of each backend type.
    static let backendKeys: [String: [Key]] = [
        "bind": [
            Key("zones_dir", .text, default: "./data/zones", "Directory of the zone files."),
            Key("named_conf", .text, default: "./data/named.conf.include", "Include file listing the zones."),
            Key("rndc_path", .text, "rndc program; unset: the rndc found on PATH (as the reference); \"\": reloads are skipped."),
            Key("reload", .bool, default: "true",
                "Tell named about changes with rndc (reconfig, reload <zone>); false: only write the zone files and the include."),
            Key("rndc_server", .text, "rndc -s (server)."),
            Key("rndc_port", .integer(1...65535), "rndc -p (control port)."),
            Key("rndc_key_file", .text, "rndc -k (key file)."),
            Key("command_timeout", .number(1...3600), default: "30",
                "Time limit in seconds for each rndc command; after one times out, the batch's other rndc commands are not tried."),
        ],
        "nsd": [
            Key("zones_dir", .text, default: "./data/nsd/zones", "Directory of the zone files."),
            Key("nsd_conf", .text, "Zones include file (reference layout), rewritten on every change; unset: not written."),
            Key("nsd_control_path", .text, default: "/usr/sbin/nsd-control", "nsd-control binary."),
            Key("nsd_control_config", .text, "nsd-control -c (config file)."),
            Key("pattern", .text, default: "dadns", "Pattern given to addzone (its zonefile must be <zones_dir>/%s.db)."),
            Key("command_timeout", .number(1...3600), default: "30", "Time limit in seconds for each nsd-control command."),
        ],
        "coredns_mysql": [
            Key("host", .text, default: "127.0.0.1", "MySQL/MariaDB host."),
            Key("port", .integer(1...65535), default: "3306", "MySQL/MariaDB port."),
            Key("database", .text, default: "coredns", "Database name."),
            Key("username", .text, default: "coredns", "User name."),
            Key("password", .text, secret: true, "Password."),
            Key("unix_socket", .text, "Unix socket path; when set, host and port are not used."),
            Key("zones_table", .text, default: "zones", "Table of zones (letters, digits, _)."),
            Key("records_table", .text, "Table of records (default records; letters, digits, _)."),
            Key("table_name", .text, "Reference name for the records table (records_table wins when both are set)."),
            Key("pool_size", .integer(1...64), default: "4", "Connections to this server; a batch's zones are applied on all at once."),
            Key("connect_timeout", .integer(1...600), default: "5", "Seconds to connect before the attempt fails."),
            Key("read_timeout", .integer(1...3600), default: "30", "Seconds a statement's reply may take."),
            Key("write_timeout", .integer(1...3600), default: "30", "Seconds sending a statement may take."),
            Key("ssl", .bool, default: "false", "Connect with TLS; a server without TLS is refused."),
            Key("ssl_ca", .text, "CA bundle (PEM) to check the server certificate with."),
            Key("ssl_cert", .text, "Client certificate (PEM), when the server requires one."),
            Key("ssl_key", .text, "Client private key (PEM), with ssl_cert."),
            Key("ssl_verify_server_cert", .bool, default: "true", "Check the server certificate and host name (with ssl)."),
            Key("library_path", .text, "MariaDB Connector/C library to load (default libmariadb.so.3, then libmariadb.so; package libmariadb3)."),
        ],
    ]

    /// Keys of each `reconciliation.directadmin_servers[]` entry.
    static let directAdminServerKeys: [Key] = [
        Key("hostname", .text, "The DirectAdmin server's host name (also the owner name its pushes carry)."),
        Key("port", .integer(1...65535), default: "2222", "DirectAdmin's port."),
        Key("username", .text, "An admin user name."),
        Key("password", .text, secret: true, "Its password or login key."),
        Key("ssl", .bool, default: "true", "HTTPS (true) or HTTP."),
    ]

    /// Keys of each `peer_sync.peers[]` entry.
    static let peerKeys: [Key] = [
        Key("url", .text, "The peer's base URL (http:// or https://, host, port)."),
        Key("username", .text, default: "peersync", "The user name the peer accepts on /internal (its peer_sync.auth_username)."),
        Key("password", .text, secret: true, "Its password (the peer's peer_sync.auth_password)."),
    ]

    static func key(_ path: String) -> Key? { keys.first { $0.path == path } }

    static func backendKey(_ name: String, type: String) -> Key? {
        commonBackendKeys.first { $0.path == name } ?? backendKeys[type]?.first { $0.path == name }
    }
}
