import SettingsKit

extension ConfigLoader {
    /// The store's cross-key rules: a mysql datastore needs its password (as in the reference),
    /// and the node's name must be one the store and the logs can hold.
    static func checkStore(_ config: AppConfig) throws {
        if config.store.kind == .mysql && config.store.database.password == nil {
            throw ConfigError(
                key: ConfigSchema.Store.pass.path,
                reason: "required when datastore.type is mysql (the database user's password)")
        }
        guard NodeName.isValid(config.server.nodeName) else {
            throw ConfigError(
                key: ConfigSchema.Server.nodeName.path,
                reason: "'\(config.server.nodeName)' is not a usable node name: 1–\(NodeName.maximumLength) letters, digits, '.', '-', '_'"
                    + (config.effective.optionalText(ConfigSchema.Server.nodeName) == nil ? " (the host name is the default; set app.node_name)" : ""))
        }
    }
}
