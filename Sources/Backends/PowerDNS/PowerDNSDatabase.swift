/// A value bound to one `?` of a statement on PowerDNS's database.
enum PowerDNSSQLValue: Sendable, Equatable {
    case text(String)
    case integer(Int64)
    case null

    /// `text`, or NULL for nil.
    static func optional(_ text: String?) -> PowerDNSSQLValue { text.map { .text($0) } ?? .null }

    /// A boolean column (`auth`): 1 or 0 in both SQLite and MariaDB.
    static func bool(_ value: Bool) -> PowerDNSSQLValue { .integer(value ? 1 : 0) }
}

/// One transaction on PowerDNS's database: statements with `?` placeholders and their values
/// bound apart (never spliced into the SQL by the caller). Columns come back as text (nil: NULL).
protocol PowerDNSSQLTransaction {
    func rows(_ sql: String, _ arguments: [PowerDNSSQLValue]) throws -> [[String?]]
    func execute(_ sql: String, _ arguments: [PowerDNSSQLValue]) throws
}

/// PowerDNS's generic SQL database, gsqlite3 (`PowerDNSSQLiteDatabase`) or gmysql
/// (`PowerDNSMySQLDatabase`): the same tables (domains, records with ordername and auth,
/// domainmetadata), so `PowerDNSSignedZoneDatabase` runs the same statements on either.
protocol PowerDNSDatabase: Sendable {
    /// The database as errors name it, with the stanza key that names it (never a password).
    var location: String { get }

    /// Runs `body` in one transaction (read only unless `writing`); an error of the database
    /// itself is thrown as it comes.
    func transaction<T: Sendable>(writing: Bool, _ body: @escaping @Sendable (any PowerDNSSQLTransaction) throws -> T) async throws -> T
}
