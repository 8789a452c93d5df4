/// One connection to a MariaDB or MySQL server over Connector/C. Every call blocks the calling
/// thread: use it from one thread at a time, off the Swift cooperative pool and the event loops
/// (`MariaDBPool` does this). Text goes in and out as UTF-8 (`utf8mb4`).
public final class MariaDBConnection: @unchecked Sendable {
    let library: MariaDBLibrary
    public let configuration: MariaDBConfiguration
    private var handle: OpaquePointer?

    /// Opens a connection.
    /// - Throws: `MariaDBError.server` (2002/2003: unreachable, 1045: access denied, …).
    public init(library: MariaDBLibrary, configuration: MariaDBConfiguration) throws {
        self.library = library
        self.configuration = configuration
        guard let handle = library.initialize(nil) else { throw MariaDBError.server(code: 2008, message: "out of memory") }
        do {
            try Self.setOptions(handle, library: library, configuration: configuration)
            let connected = configuration.host.withCString { host in
                configuration.username.withCString { user in
                    withOptionalCString(configuration.password) { password in
                        withOptionalCString(configuration.database) { database in
                            withOptionalCString(configuration.unixSocket) { socket in
                                library.realConnect(
                                    handle, configuration.unixSocket == nil ? host : nil, user, password, database,
                                    UInt32(configuration.port), socket, configuration.multiStatements ? Self.clientMultiStatements : 0)
                            }
                        }
                    }
                }
            }
            guard connected != nil else { throw Self.error(of: handle, library: library) }
            // Without certificate verification Connector/C quietly falls back to plain text when
            // the server offers no TLS; required TLS means required.
            if configuration.tls.enabled && library.sslCipher(handle) == nil {
                throw MariaDBError.server(code: 2026, message: "TLS is required, but the server does not offer it")
            }
        } catch {
            library.close(handle)
            throw error
        }
        self.handle = handle
    }

    deinit { close() }

    /// CLIENT_MULTI_STATEMENTS.
    static let clientMultiStatements: UInt = 1 << 16

    private static func setOptions(_ handle: OpaquePointer, library: MariaDBLibrary, configuration: MariaDBConfiguration) throws {
        func set(_ option: MariaDBOption, _ value: UInt32) throws {
            var value = value
            guard library.options(handle, option.rawValue, &value) == 0 else { throw error(of: handle, library: library) }
        }
        func set(_ option: MariaDBOption, flag: Bool) throws {
            var value: Int8 = flag ? 1 : 0
            guard library.options(handle, option.rawValue, &value) == 0 else { throw error(of: handle, library: library) }
        }
        try set(.connectTimeout, UInt32(max(configuration.connectTimeout, 1)))
        try set(.readTimeout, UInt32(max(configuration.readTimeout, 1)))
        try set(.writeTimeout, UInt32(max(configuration.writeTimeout, 1)))
        try set(.reconnect, flag: false)
        let status = "utf8mb4".withCString { library.options(handle, MariaDBOption.charsetName.rawValue, $0) }
        guard status == 0 else { throw error(of: handle, library: library) }
        if let command = configuration.initCommand {
            guard command.withCString({ library.options(handle, MariaDBOption.initCommand.rawValue, $0) }) == 0 else {
                throw error(of: handle, library: library)
            }
        }
        let tls = configuration.tls
        if tls.enabled {
            _ = withOptionalCString(tls.keyFile) { key in
                withOptionalCString(tls.certificateFile) { certificate in
                    withOptionalCString(tls.caFile) { ca in library.sslSet(handle, key, certificate, ca, nil, nil) }
                }
            }
            try set(.sslEnforce, flag: true)
            try set(.sslVerifyServerCert, flag: tls.verifyServerCertificate)
        }
    }

    static func error(of handle: OpaquePointer?, library: MariaDBLibrary) -> MariaDBError {
        let code = library.errorNumber(handle)
        let message = library.errorText(handle).map { String(cString: $0) } ?? "unknown error"
        return .server(code: code, message: message)
    }

    private func connected() throws -> OpaquePointer {
        guard let handle else { throw MariaDBError.notConnected }
        return handle
    }

    /// Whether `close()` was called.
    public var isClosed: Bool { handle == nil }

    /// The TLS cipher in use; nil for a connection without TLS.
    public var tlsCipher: String? { handle.flatMap { library.sslCipher($0) }.map { String(cString: $0) } }

    /// The server's id of this connection (for `KILL`).
    public var threadID: UInt { handle.map { library.threadID($0) } ?? 0 }

    /// Runs one statement and returns its rows (empty for statements without a result set).
    /// NULL columns are nil.
    @discardableResult
    public func query(_ sql: String) throws -> [[String?]] {
        let handle = try connected()
        try send(sql, handle)
        return try storeRows(handle)
    }

    /// Runs statements in order and returns each one's rows (empty for statements without a
    /// result set). With `multiStatements` they travel together, in packets of about
    /// `packetBytes`, one round trip each; the first failing statement ends the run with its
    /// error (the statements after it do not run).
    public func batch(_ statements: [String], packetBytes: Int = 1 << 20) throws -> [[[String?]]] {
        guard configuration.multiStatements else { return try statements.map { try query($0) } }
        let handle = try connected()
        var results: [[[String?]]] = []
        results.reserveCapacity(statements.count)
        var packet = ""
        func flush() throws {
            guard !packet.isEmpty else { return }
            try send(packet, handle)
            while true {
                results.append(try storeRows(handle))
                let next = library.nextResult(handle)
                if next == -1 { break }
                if next > 0 { throw failure(handle) }
            }
            packet = ""
        }
        for statement in statements {
            if !packet.isEmpty && packet.utf8.count + statement.utf8.count >= packetBytes { try flush() }
            if !packet.isEmpty { packet += ";\n" }
            packet += statement
        }
        try flush()
        return results
    }

    /// The rows of the result just produced (empty when the statement has no result set).
    private func storeRows(_ handle: OpaquePointer) throws -> [[String?]] {
        guard let result = library.storeResult(handle) else {
            if library.fieldCount(handle) == 0 { return [] }
            throw failure(handle)
        }
        defer { library.freeResult(result) }
        let columns = Int(library.numFields(result))
        var rows: [[String?]] = []
        while let row = library.fetchRow(result) {
            guard let lengths = library.fetchLengths(result) else { break }
            var values: [String?] = []
            values.reserveCapacity(columns)
            for column in 0..<columns {
                if let field = row[column] {
                    let bytes = UnsafeRawBufferPointer(start: field, count: Int(lengths[column]))
                    values.append(String(decoding: bytes, as: UTF8.self))
                } else {
                    values.append(nil)
                }
            }
            rows.append(values)
        }
        // A row fetch that stopped on an error (a lost connection while reading) is not an end.
        if library.errorNumber(handle) != 0 { throw failure(handle) }
        return rows
    }

    /// Runs one statement without a result set and returns the number of rows it changed.
    @discardableResult
    public func execute(_ sql: String) throws -> UInt64 {
        let handle = try connected()
        try send(sql, handle)
        if let result = library.storeResult(handle) { library.freeResult(result) }
        return library.affectedRows(handle)
    }

    /// The AUTO_INCREMENT value of the last INSERT (the first row's, for a multi-row INSERT).
    public var lastInsertID: UInt64 { handle.map { library.insertID($0) } ?? 0 }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("START TRANSACTION")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
    }

    /// `text` escaped by the connector for a string literal in this connection's character set.
    public func escape(_ text: String) throws -> String {
        let handle = try connected()
        let source = Array(text.utf8)
        var target = [CChar](repeating: 0, count: source.count * 2 + 1)
        let length = source.withUnsafeBufferPointer { from in
            from.withMemoryRebound(to: CChar.self) { from in
                library.escape(handle, &target, from.baseAddress, UInt(from.count))
            }
        }
        guard length != UInt.max else { throw MariaDBError.invalidArgument("the connector could not escape a value") }
        return String(decoding: target[..<Int(length)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `text` as a quoted SQL string literal (`'…'`), escaped by the connector.
    public func literal(_ text: String) throws -> String { "'" + (try escape(text)) + "'" }

    /// Asks the server whether the connection still works.
    public func ping() -> Bool {
        guard let handle else { return false }
        return library.ping(handle) == 0
    }

    /// Closes the connection (also done when the value is released).
    public func close() {
        if let handle { library.close(handle) }
        handle = nil
    }

    private func send(_ sql: String, _ handle: OpaquePointer) throws {
        let bytes = Array(sql.utf8)
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { library.realQuery(handle, $0.baseAddress, UInt($0.count)) }
        }
        guard status == 0 else { throw failure(handle) }
    }

    private func failure(_ handle: OpaquePointer) -> MariaDBError {
        let error = Self.error(of: handle, library: library)
        return error
    }
}

/// Calls `body` with a C string for `text`, or with nil.
func withOptionalCString<T>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> T) -> T {
    guard let text else { return body(nil) }
    return text.withCString { body($0) }
}
