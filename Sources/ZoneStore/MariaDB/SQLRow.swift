import MariaDB

/// One result row as Connector/C returns it (text, nil for NULL), read by column position.
struct SQLRow: Sendable {
    let values: [String?]

    func string(_ column: Int) -> String? { column < values.count ? values[column] : nil }
    func int64(_ column: Int) -> Int64? { string(column).flatMap { Int64($0) } }
    func int(_ column: Int) -> Int? { string(column).flatMap { Int($0) } }
    func double(_ column: Int) -> Double? { string(column).flatMap { Double($0) } }
    func bool(_ column: Int) -> Bool { int64(column).map { $0 != 0 } ?? false }

    /// A column that must hold a value; a NULL or unreadable one means the schema is not ours.
    func required<T>(_ column: Int, _ read: (Int) -> T?) throws -> T {
        guard let value = read(column) else {
            throw MariaDBError.invalidArgument("the store returned an unexpected value in column \(column + 1)")
        }
        return value
    }
}

extension MariaDBConnection {
    /// The rows of one statement with bound arguments.
    func rows(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> [SQLRow] {
        try query(bind(sql, arguments)).map(SQLRow.init)
    }

    /// The first row of one statement, if any.
    func row(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> SQLRow? {
        try rows(sql, arguments).first
    }

    /// Runs one statement without a result set; returns the rows it changed.
    @discardableResult
    func run(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> Int {
        Int(try execute(bind(sql, arguments)))
    }
}
