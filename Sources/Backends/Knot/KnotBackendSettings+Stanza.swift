import Foundation
import SettingsKit

extension KnotBackendSettings {
    /// The keys of a `knot` stanza.
    public enum Keys {
        public static let zonesDir = SettingKey(
            "zones_dir", .text, default: "./data/knot/zones", "Directory of the zone files (<zones_dir>/<domain>.zone).")
        public static let knotcPath = SettingKey(
            "knotc_path", .text, default: Defaults.knotc, "knotc program; a bare name is looked up on PATH.")
        public static let controlSocket = SettingKey("control_socket", .text, "knotc -s (knotd's control socket); unset: knotc's default.")
        public static let template = SettingKey(
            "template", .text, default: Defaults.template,
            "Knot template given to every zone: it must load <zones_dir>/%s.zone and should have zonefile-load: difference.")
        public static let commandTimeout = SettingKey(
            "command_timeout", .number(1...3600), default: Defaults.commandTimeout, "Time limit in seconds for each knotc command.")
        public static let all = [zonesDir, knotcPath, controlSocket, template, commandTimeout]
    }

    /// A knot stanza's settings; a bare `knotc_path` is looked up on `searchPath` (PATH).
    public init(stanza: BackendStanza, searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) {
        let configured = stanza.text(Keys.knotcPath)
        self.init(
            zonesDirectory: stanza.text(Keys.zonesDir),
            knotcPath: configured.contains("/") ? configured : ExecutableSearch.find(configured, searchPath: searchPath),
            configuredKnotc: configured, controlSocket: stanza.optionalText(Keys.controlSocket), template: stanza.text(Keys.template),
            commandTimeout: stanza.number(Keys.commandTimeout))
    }

    /// What makes the stanza unusable, as a `ConfigError` naming the key; nil when it is usable.
    public func problem(_ stanza: BackendStanza) -> ConfigError? {
        if knotcPath == nil {
            return ConfigError(
                key: stanza.path(Keys.knotcPath),
                reason: "no '\(configuredKnotc)' found on PATH: install knotc (Debian: knot) or give its absolute path")
        }
        if !Self.isPlainWord(template) {
            return ConfigError(key: stanza.path(Keys.template), reason: "'\(template)' is not a usable Knot template id")
        }
        if !Self.isPlainWord(LocalPath.absolute(zonesDirectory)) {
            return ConfigError(
                key: stanza.path(Keys.zonesDir),
                reason: "'\(zonesDirectory)' cannot be given to knotc (no spaces, quotes, backslashes, brackets, # or ;)")
        }
        if let controlSocket, controlSocket.isEmpty || controlSocket.utf8.count > 107 {
            return ConfigError(key: stanza.path(Keys.controlSocket), reason: "a unix socket path of 1 to 107 bytes is needed")
        }
        return nil
    }
}
