import MariaDB

/// PowerDNS's gmysql database on MariaDB/MySQL (`gmysql_*` keys), over dadns's own client
/// (Connector/C, loaded at run time) with a small pool of its own. Values are bound as the
/// store's are (`MariaDBConnection.bind`: the connector's escaping in place of each `?`); the
/// statements hold no other `?`. The password is never part of `location`.
final class PowerDNSMySQLDatabase: PowerDNSDatabase {
    let configuration: MariaDBConfiguration
    /// The pool, or why Connector/C could not be loaded (reported on each use).
    private let pool: Result<MariaDBPool, MariaDBError>

    init(configuration: MariaDBConfiguration, libraryPath: String? = nil) {
        self.configuration = configuration
        pool = Result { try MariaDBPool(library: MariaDBLibrary.load(path: libraryPath), configuration: configuration, size: 2) }
            .mapError { $0 as? MariaDBError ?? MariaDBError.libraryUnavailable("\($0)") }
    }

    deinit { try? pool.get().close() }

    var location: String { "\(configuration) (gmysql_dbname)" }

    func transaction<T: Sendable>(writing: Bool, _ body: @escaping @Sendable (any PowerDNSSQLTransaction) throws -> T) async throws -> T {
        try await pool.get().withConnection { connection in
            try connection.transaction { try body(Transaction(connection: connection)) }
        }
    }

    private struct Transaction: PowerDNSSQLTransaction {
        let connection: MariaDBConnection

        func rows(_ sql: String, _ arguments: [PowerDNSSQLValue]) throws -> [[String?]] {
            try connection.query(try connection.bind(sql, arguments))
        }

        func execute(_ sql: String, _ arguments: [PowerDNSSQLValue]) throws {
            _ = try connection.execute(try connection.bind(sql, arguments))
        }
    }
}

extension PowerDNSSQLValue: SQLBindable {
    var sqlValue: SQLValue {
        switch self {
        case .text(let text): return .text(text)
        case .integer(let integer): return .integer(integer)
        case .null: return .null
        }
    }
}
