import GRDB

/// A row of `journal`: one accepted change, in order.
struct JournalRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "journal"

    var id: Int64? = nil
    var at: Double
    var domain: String
    /// `save`, `delete` or `owner`.
    var action: String
    var generation: Int64
    var source: String
    var hostname: String? = nil
    var username: String? = nil
    var clientAddress: String? = nil
    var contentHash: String? = nil
    var detail: String? = nil

    /// The columns, named as the record codes them (`Columns.domain == …` in requests).
    enum CodingKeys: String, CodingKey, ColumnExpression {
        case id, at, domain, action, generation, source, detail
        case hostname = "da_hostname", username = "da_username", clientAddress = "client_address"
        case contentHash = "content_hash"
    }
    typealias Columns = CodingKeys

    /// The one journal append. A cached statement rather than the record's Codable `insert`:
    /// every push appends, and the push is the hot path.
    func append(in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO journal (at, domain, action, generation, source, da_hostname, da_username,
                                     client_address, content_hash, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [at, domain, action, generation, source, hostname, username, clientAddress, contentHash, detail])
    }

    /// The entry as callers see it.
    var entry: JournalEntry {
        JournalEntry(at: at, action: action, generation: generation, source: source, hostname: hostname, detail: detail)
    }
}
