import SettingsKit

/// `datastore.*`: the SQLite store.
public struct StoreSection: Sendable {
    /// `datastore.db_location`.
    public var databasePath: String
    public var journalRetentionDays: Double

    init(_ values: ConfigValues) {
        databasePath = values.text(ConfigSchema.Store.dbLocation)
        journalRetentionDays = values.number(ConfigSchema.Store.journalRetentionDays)
    }
}
