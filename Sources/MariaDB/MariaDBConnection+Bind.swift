extension MariaDBConnection {
    /// `sql` with each `?` replaced by the next argument's literal. The statements given here
    /// are the caller's own and hold no `?` inside quotes.
    public func bind(_ sql: String, _ arguments: [any SQLBindable]) throws -> String {
        var text = ""
        text.reserveCapacity(sql.utf8.count + arguments.count * 16)
        var remaining = arguments[...]
        for character in sql {
            guard character == "?" else {
                text.append(character)
                continue
            }
            guard let argument = remaining.popFirst() else { throw MariaDBError.invalidArgument("too few SQL arguments") }
            text += try argument.sqlValue.literal(on: self)
        }
        guard remaining.isEmpty else { throw MariaDBError.invalidArgument("too many SQL arguments") }
        return text
    }
}
