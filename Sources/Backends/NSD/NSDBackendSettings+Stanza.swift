import SettingsKit

extension NSDBackendSettings {
    /// The keys of an `nsd` stanza.
    public enum Keys {
        public static let zonesDir = SettingKey("zones_dir", .text, default: "./data/nsd/zones", "Directory of the zone files.")
        public static let nsdConf = SettingKey(
            "nsd_conf", .text, "Zones include file (reference layout), rewritten on every change; unset: not written.")
        public static let nsdControlPath = SettingKey(
            "nsd_control_path", .text, default: Defaults.controlPath, "nsd-control binary.")
        public static let nsdControlConfig = SettingKey("nsd_control_config", .text, "nsd-control -c (config file).")
        public static let pattern = SettingKey(
            "pattern", .text, default: Defaults.pattern, "Pattern given to addzone (its zonefile must be <zones_dir>/%s.db).")
        public static let commandTimeout = SettingKey(
            "command_timeout", .number(1...3600), default: Defaults.commandTimeout, "Time limit in seconds for each nsd-control command.")
        public static let patternFile = SettingKey(
            "pattern_file", .text,
            "File dadns writes the pattern into (zonefile, and provide-xfr/notify for the secondaries), for nsd.conf to include instead of defining the pattern; unset: nsd.conf defines it.")
        public static let all = [zonesDir, nsdConf, nsdControlPath, nsdControlConfig, pattern, commandTimeout, ServedDNSAddress.key, patternFile]
            + CatalogSettings.Keys.all
    }

    /// An nsd stanza's settings (also what `dadns doctor` checks).
    public init(stanza: BackendStanza) {
        self.init(
            zonesDirectory: stanza.text(Keys.zonesDir), includeFile: stanza.optionalText(Keys.nsdConf),
            controlPath: stanza.optionalText(Keys.nsdControlPath), controlConfig: stanza.optionalText(Keys.nsdControlConfig),
            pattern: stanza.text(Keys.pattern), commandTimeout: stanza.number(Keys.commandTimeout))
        patternFile = stanza.optionalText(Keys.patternFile)
        catalog = .lenient(stanza)
    }
}
