import Foundation
import SettingsKit

extension BindBackendSettings {
    /// The keys of a `bind` stanza.
    public enum Keys {
        public static let zonesDir = SettingKey("zones_dir", .text, default: "./data/zones", "Directory of the zone files.")
        public static let namedConf = SettingKey(
            "named_conf", .text, default: "./data/named.conf.include", "Include file listing the zones.")
        public static let rndcPath = SettingKey(
            "rndc_path", .text, "rndc program; unset: the rndc found on PATH (as the reference); \"\": reloads are skipped.")
        public static let reload = SettingKey(
            "reload", .bool, default: "true",
            "Tell named about changes with rndc (reconfig, reload <zone>); false: only write the zone files and the include.")
        public static let rndcServer = SettingKey("rndc_server", .text, "rndc -s (server).")
        public static let rndcPort = SettingKey("rndc_port", .integer(1...65535), "rndc -p (control port).")
        public static let rndcKeyFile = SettingKey("rndc_key_file", .text, "rndc -k (key file).")
        public static let commandTimeout = SettingKey(
            "command_timeout", .number(1...3600), default: Defaults.commandTimeout,
            "Time limit in seconds for each rndc command; after one times out, the batch's other rndc commands are not tried.")
        public static let zoneConfig = SettingKey(
            "zone_config", .choice(BindZoneConfig.Mode.allCases.map(\.rawValue)), default: BindZoneConfig.Defaults.mode.rawValue,
            "How new zones reach named: auto (rndc addzone for a few new zones when that costs less than a reconfig, "
                + "one per 833 zones held), include (always the include and rndc reconfig), addzone (rndc addzone up to addzone_max). "
                + "addzone needs allow-new-zones yes; in named.conf.")
        public static let addzoneMax = SettingKey(
            "addzone_max", .integer(0...10_000), default: BindZoneConfig.Defaults.addzoneMax,
            "Most new zones one batch adds by rndc addzone (about 25 ms each); a batch with more goes into the include. 0: never.")
        public static let reconfigPacing = SettingKey(
            "reconfig_pacing", .number(0...10), default: String(ReconfigPacing.Defaults.factor),
            "After an rndc reconfig that took T (200 ms or more: thousands of zones held), the next waits until T × this has passed, "
                + "so named reconfigures at most 1 / (1 + this) of the time during bulk changes; 0: never wait.")
        public static let all = [
            zonesDir, namedConf, rndcPath, reload, rndcServer, rndcPort, rndcKeyFile, commandTimeout, zoneConfig, addzoneMax, reconfigPacing,
            ServedDNSAddress.key,
        ]
            + CatalogSettings.Keys.all
    }

    /// A bind stanza's settings (also what `dadns doctor` checks); without `rndc_path` the `rndc`
    /// on `searchPath` (PATH) is used, as the reference does (`rndcProgram` says which, or why none).
    public init(stanza: BackendStanza, searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) {
        self.init(
            zonesDirectory: stanza.text(Keys.zonesDir), includeFile: stanza.text(Keys.namedConf),
            rndcServer: stanza.optionalText(Keys.rndcServer), rndcPort: stanza.optionalInteger(Keys.rndcPort),
            rndcKeyFile: stanza.optionalText(Keys.rndcKeyFile), commandTimeout: stanza.number(Keys.commandTimeout))
        rndcProgram = .choose(
            rndcPath: stanza.optionalText(Keys.rndcPath), reload: stanza.bool(Keys.reload), searchPath: searchPath)
        catalog = .lenient(stanza)
        zoneConfig = BindZoneConfig(
            mode: BindZoneConfig.Mode(rawValue: stanza.text(Keys.zoneConfig)) ?? BindZoneConfig.Defaults.mode,
            addzoneMax: stanza.optionalInteger(Keys.addzoneMax) ?? BindZoneConfig.Defaults.addzoneMax,
            pacing: ReconfigPacing(factor: stanza.number(Keys.reconfigPacing)))
    }
}
