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
    }

    struct Key: Sendable {
        /// Dotted path; under `dns.backends` the backend's name stands for itself.
        let path: String
        let type: ValueType
        let defaultValue: String?
        let secret: Bool
        let help: String

        init(_ path: String, _ type: ValueType, default defaultValue: String? = nil, secret: Bool = false, _ help: String) {
            self.path = path
            self.type = type
            self.defaultValue = defaultValue
            self.secret = secret
            self.help = help
        }
    }

    static let logLevels = ["debug", "info", "warning", "error", "critical", "trace", "notice"]

    /// Keys outside `dns.backends`.
    static let keys: [Key] = [
        Key("log_level", .choice(logLevels), default: "info", "Log level (DEBUG, INFO, WARNING, ERROR)."),
        Key("log_format", .choice(["text", "json"]), default: "text", "Log lines as text or JSON."),
        Key("timezone", .text, default: "UTC", "Time zone for log time stamps."),
        Key("queue_location", .text, default: "./data/queues", "Kept for compatibility: the durable store replaces the reference's queues."),
        Key("environment", .text, "Reference (CherryPy) setting; accepted and unused."),
        Key("datastore.type", .choice(["sqlite"]), default: "sqlite", "Only SQLite: the store is local to each node."),
        Key("datastore.db_location", .text, default: "./data/directdnsonly.db", "SQLite database file."),
        Key("datastore.journal_retention_days", .number(1...36500), default: "90", "How long the change journal keeps entries."),
        Key("datastore.host", .text, "Reference MySQL datastore; unused (SQLite only)."),
        Key("datastore.port", .text, "Reference MySQL datastore; unused."),
        Key("datastore.name", .text, "Reference MySQL datastore; unused."),
        Key("datastore.user", .text, "Reference MySQL datastore; unused."),
        Key("datastore.pass", .text, secret: true, "Reference MySQL datastore; unused."),
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
        Key("app.proxy_support", .bool, default: "true", "Honour X-Forwarded-For from a reverse proxy."),
        Key("app.proxy_support_base", .text, "Reference setting; accepted and unused."),
        Key("app.log_level", .text, "Reference (access log) setting; accepted and unused."),
        Key("app.log_to", .text, "Reference v1 setting; accepted and unused."),
        Key("app.token_valid_for_days", .text, "Reference v1 setting; accepted and unused."),
        Key("app.queue_location", .text, "Reference v1 setting; accepted and unused."),
        Key("app.max_body_size", .byteSize, default: "16M", "Largest request body accepted (413 above)."),
        Key("dns.default_backend", .text, "Accepted for compatibility (the reference never reads it)."),
        Key("dns.settle_seconds", .number(0...60), default: "0", "Wait this long after a change before applying, so a burst of saves is applied once."),
    ]

    /// Keys every backend stanza may have.
    static let commonBackendKeys: [Key] = [
        Key("type", .choice(backendTypes), "Backend implementation; defaults to the stanza's name."),
        Key("enabled", .bool, default: "false", "Whether the backend receives zones (off unless set, as in the reference)."),
        Key("instance_name", .text, "Display name (reference setting)."),
    ]

    static let backendTypes = ["bind", "nsd", "coredns_mysql"]

    /// Keys of each backend type.
    static let backendKeys: [String: [Key]] = [
        "bind": [
            Key("zones_dir", .text, default: "./data/zones", "Directory of the zone files."),
            Key("named_conf", .text, default: "./data/named.conf.include", "Include file listing the zones."),
            Key("rndc_path", .text, "rndc binary; unset: reloads are skipped."),
            Key("rndc_server", .text, "rndc -s (server)."),
            Key("rndc_port", .integer(1...65535), "rndc -p (control port)."),
            Key("rndc_key_file", .text, "rndc -k (key file)."),
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
            Key("zones_table", .text, default: "zones", "Table of zones."),
            Key("records_table", .text, default: "records", "Table of records."),
            Key("table_name", .text, "Reference name for the records table (same as records_table)."),
        ],
    ]

    static func key(_ path: String) -> Key? { keys.first { $0.path == path } }

    static func backendKey(_ name: String, type: String) -> Key? {
        commonBackendKeys.first { $0.path == name } ?? backendKeys[type]?.first { $0.path == name }
    }
}
