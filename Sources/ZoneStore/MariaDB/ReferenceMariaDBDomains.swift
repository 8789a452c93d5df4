import MariaDB

/// The reference project's MySQL datastore: its `domains` table, in the database the reference
/// was configured with (the same `datastore.*` keys dadns reads). Only read.
public final class ReferenceMariaDBDomains: ReferenceDomainSource {
    private let pool: MariaDBPool
    private let selectList: String

    /// Looks at which columns the `domains` table has.
    public init(pool: MariaDBPool) async throws {
        self.pool = pool
        let present = try await pool.withConnection { connection in
            Set(try connection.rows(
                "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'domains'"
            ).compactMap { $0.string(0)?.lowercased() })
        }
        selectList = try ReferenceDomainColumns.selectList(present: present, in: "the database")
    }

    public func domains(afterID: Int64, limit: Int) async throws -> [ReferenceDomain] {
        let columns = selectList
        return try await pool.withConnection { connection in
            try connection.rows("SELECT \(columns) FROM domains WHERE id > ? ORDER BY id LIMIT ?", [afterID, limit]).map { row in
                ReferenceDomain(
                    id: try row.required(0, row.int64), domain: row.string(1), hostname: row.string(2), username: row.string(3),
                    zoneData: row.string(4), zoneUpdatedAt: row.string(5))
            }
        }
    }
}
