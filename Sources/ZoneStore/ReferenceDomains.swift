import GRDB

/// One row of the reference project's (cybercinch/directdnsonly) `domains` table: a zone
/// DirectAdmin pushed to it, its owner and, from its version with `zone_data` on, the last zone
/// text it stored. Columns an older version of its schema lacks read as nil.
public struct ReferenceDomain: Sendable, Equatable {
    /// The row's primary key: the order rows are read in.
    public var id: Int64
    /// As stored: not yet checked.
    public var domain: String?
    public var hostname: String?
    public var username: String?
    public var zoneData: String?
    /// `zone_updated_at` as stored (a naive UTC date and time), when the column exists.
    public var zoneUpdatedAt: String?
}

/// Where the reference's `domains` table is read from: its SQLite file, or its MySQL database.
public protocol ReferenceDomainSource: Sendable {
    /// Rows in `id` order, one page after `afterID`.
    func domains(afterID: Int64, limit: Int) async throws -> [ReferenceDomain]
}

/// The columns of the reference's `domains` table this reader takes, in its select order;
/// `id` and `domain` are in every version of its schema, the others may be missing.
enum ReferenceDomainColumns {
    static let optional = ["hostname", "username", "zone_data", "zone_updated_at"]

    /// The select list for a `domains` table that has `present` columns (missing optional ones
    /// read as NULL). Throws when `place` has no such table (`present` is empty) or the table
    /// lacks what every version has.
    static func selectList(present: Set<String>, in place: String) throws -> String {
        guard !present.isEmpty else { throw ReferenceDomainsError(description: "\(place) has no table domains") }
        let missing = ["id", "domain"].filter { !present.contains($0) }
        guard missing.isEmpty else {
            throw ReferenceDomainsError(
                description: "the table domains has no column \(missing.joined(separator: ", ")): not the reference's datastore")
        }
        return (["id", "domain"] + optional.map { present.contains($0) ? $0 : "NULL" }).joined(separator: ", ")
    }
}

/// The reference's SQLite datastore, opened read-only.
public final class ReferenceSQLiteDomains: ReferenceDomainSource {
    private let database: DatabaseQueue
    private let selectList: String

    /// Opens `path` read-only and looks at which columns its `domains` table has.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        database = try DatabaseQueue(path: path, configuration: configuration)
        let present = try database.read { db in
            try db.tableExists("domains") ? Set(try db.columns(in: "domains").map { $0.name.lowercased() }) : []
        }
        selectList = try ReferenceDomainColumns.selectList(present: present, in: path)
    }

    public func domains(afterID: Int64, limit: Int) async throws -> [ReferenceDomain] {
        let columns = selectList
        return try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT \(columns) FROM domains WHERE id > ? ORDER BY id LIMIT ?", arguments: [afterID, limit])
                .map { row in
                    ReferenceDomain(
                        id: row[0], domain: Self.text(row[1]), hostname: Self.text(row[2]), username: Self.text(row[3]),
                        zoneData: Self.text(row[4]), zoneUpdatedAt: Self.text(row[5]))
                }
        }
    }

    /// A column as text whatever SQLite stored it as (its columns have no strict types).
    private static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: return nil
        case .string(let text): return text
        case .int64(let number): return String(number)
        case .double(let number): return String(number)
        case .blob(let data): return String(decoding: data, as: UTF8.self)
        }
    }
}

/// The reference's datastore cannot be read.
public struct ReferenceDomainsError: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}
