import GRDB

/// PowerDNS's gsqlite3 database file (`gsqlite3_database`), opened for each transaction; PowerDNS
/// reads it meanwhile (SQLite locks it; a busy database is waited on up to 10 s).
struct PowerDNSSQLiteDatabase: PowerDNSDatabase {
    let path: String

    var location: String { "\(path) (gsqlite3_database)" }

    func transaction<T: Sendable>(writing: Bool, _ body: @escaping @Sendable (any PowerDNSSQLTransaction) throws -> T) async throws -> T {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        let run: @Sendable (Database) throws -> T = { try body(Transaction(db: $0)) }
        return writing ? try await queue.write(run) : try await queue.read(run)
    }

    private struct Transaction: PowerDNSSQLTransaction {
        let db: Database

        func rows(_ sql: String, _ arguments: [PowerDNSSQLValue]) throws -> [[String?]] {
            try Row.fetchAll(db, sql: sql, arguments: Self.bound(arguments)).map { row in
                row.databaseValues.map { value in
                    switch value.storage {
                    case .null: return nil
                    case .int64(let integer): return String(integer)
                    case .double(let double): return String(double)
                    case .string(let text): return text
                    case .blob(let data): return String(decoding: data, as: UTF8.self)
                    }
                }
            }
        }

        func execute(_ sql: String, _ arguments: [PowerDNSSQLValue]) throws {
            try db.execute(sql: sql, arguments: Self.bound(arguments))
        }

        static func bound(_ arguments: [PowerDNSSQLValue]) -> StatementArguments {
            StatementArguments(arguments.map { value -> (any DatabaseValueConvertible)? in
                switch value {
                case .text(let text): return text
                case .integer(let integer): return integer
                case .null: return nil
                }
            })
        }
    }
}
