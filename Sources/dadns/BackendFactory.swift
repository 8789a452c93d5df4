import Backends

/// Builds the backend for one enabled `dns.backends.<name>` stanza. One `case` per backend type.
enum BackendFactory {
    static func make(_ backend: AppConfig.Backend) throws -> any DNSBackend {
        switch backend.type {
        case "bind":
            return try BindBackend(name: backend.name, settings: BindBackendSettings(
                zonesDirectory: backend.string("zones_dir") ?? "./data/zones",
                includeFile: backend.string("named_conf") ?? "./data/named.conf.include",
                rndcPath: backend.string("rndc_path"), rndcServer: backend.string("rndc_server"),
                rndcPort: backend.integer("rndc_port"), rndcKeyFile: backend.string("rndc_key_file")))
        case "nsd":
            return try NSDBackend(name: backend.name, settings: NSDBackendSettings(
                zonesDirectory: backend.string("zones_dir") ?? "./data/nsd/zones",
                includeFile: backend.string("nsd_conf"),
                controlPath: backend.string("nsd_control_path") ?? "/usr/sbin/nsd-control",
                controlConfig: backend.string("nsd_control_config"),
                pattern: backend.string("pattern") ?? "dadns",
                commandTimeout: backend.string("command_timeout").flatMap(Double.init) ?? 30))
        default:
            throw ConfigError(
                key: "dns.backends.\(backend.name).type",
                reason: "backend type '\(backend.type)' is not available in this version yet (bind and nsd are)")
        }
    }
}
