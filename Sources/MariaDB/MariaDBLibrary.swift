import Foundation

/// MariaDB Connector/C (`libmariadb.so.3`), opened at run time with `dlopen`: the package builds
/// and runs without it, and only a configured MySQL backend needs it. One process-wide instance.
public final class MariaDBLibrary: Sendable {
    /// The Debian/Ubuntu package that provides the library, named in errors.
    public static let packageName = "libmariadb3"
    /// File names tried in order when no path is given.
    public static let defaultNames = ["libmariadb.so.3", "libmariadb.so"]

    typealias Handle = OpaquePointer
    let initialize: @convention(c) (Handle?) -> Handle?
    let options: @convention(c) (Handle?, UInt32, UnsafeRawPointer?) -> Int32
    let sslSet: @convention(c) (
        Handle?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?
    ) -> Int8
    let realConnect: @convention(c) (
        Handle?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UInt32,
        UnsafePointer<CChar>?, UInt
    ) -> Handle?
    let realQuery: @convention(c) (Handle?, UnsafePointer<CChar>?, UInt) -> Int32
    let storeResult: @convention(c) (Handle?) -> OpaquePointer?
    let fieldCount: @convention(c) (Handle?) -> UInt32
    let numFields: @convention(c) (OpaquePointer?) -> UInt32
    let fetchRow: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    let fetchLengths: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<UInt>?
    let freeResult: @convention(c) (OpaquePointer?) -> Void
    let affectedRows: @convention(c) (Handle?) -> UInt64
    let insertID: @convention(c) (Handle?) -> UInt64
    let errorNumber: @convention(c) (Handle?) -> UInt32
    let errorText: @convention(c) (Handle?) -> UnsafePointer<CChar>?
    let escape: @convention(c) (Handle?, UnsafeMutablePointer<CChar>?, UnsafePointer<CChar>?, UInt) -> UInt
    let close: @convention(c) (Handle?) -> Void
    let ping: @convention(c) (Handle?) -> Int32
    let threadID: @convention(c) (Handle?) -> UInt
    let clientVersion: @convention(c) () -> UInt
    let sslCipher: @convention(c) (Handle?) -> UnsafePointer<CChar>?
    let nextResult: @convention(c) (Handle?) -> Int32

    /// The library as found at the first `load()`; later calls return the same instance.
    private nonisolated(unsafe) static var shared: MariaDBLibrary?
    private static let lock = NSLock()

    /// Opens the library (once per process) and resolves the functions this client uses.
    /// - Parameter path: a file name or path to try instead of `defaultNames`.
    /// - Throws: `MariaDBError.libraryUnavailable`, whose text names the package to install.
    public static func load(path: String? = nil) throws -> MariaDBLibrary {
        try lock.withLock {
            if path == nil, let shared { return shared }
            let names = path.map { [$0] } ?? defaultNames
            var reasons: [String] = []
            for name in names {
                guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else {
                    reasons.append(dlerror().map { String(cString: $0) } ?? "\(name): cannot be opened")
                    continue
                }
                let library = try MariaDBLibrary(handle: handle, name: name)
                if path == nil { shared = library }
                return library
            }
            throw MariaDBError.libraryUnavailable(reasons.joined(separator: "; "))
        }
    }

    private init(handle: UnsafeMutableRawPointer, name: String) throws {
        func symbol<T>(_ symbolName: String, as type: T.Type) throws -> T {
            guard let pointer = dlsym(handle, symbolName) else {
                throw MariaDBError.libraryUnavailable("\(name) has no \(symbolName) (not MariaDB Connector/C 3?)")
            }
            return unsafeBitCast(pointer, to: type)
        }
        initialize = try symbol("mysql_init", as: type(of: initialize))
        options = try symbol("mysql_options", as: type(of: options))
        sslSet = try symbol("mysql_ssl_set", as: type(of: sslSet))
        realConnect = try symbol("mysql_real_connect", as: type(of: realConnect))
        realQuery = try symbol("mysql_real_query", as: type(of: realQuery))
        storeResult = try symbol("mysql_store_result", as: type(of: storeResult))
        fieldCount = try symbol("mysql_field_count", as: type(of: fieldCount))
        numFields = try symbol("mysql_num_fields", as: type(of: numFields))
        fetchRow = try symbol("mysql_fetch_row", as: type(of: fetchRow))
        fetchLengths = try symbol("mysql_fetch_lengths", as: type(of: fetchLengths))
        freeResult = try symbol("mysql_free_result", as: type(of: freeResult))
        affectedRows = try symbol("mysql_affected_rows", as: type(of: affectedRows))
        insertID = try symbol("mysql_insert_id", as: type(of: insertID))
        errorNumber = try symbol("mysql_errno", as: type(of: errorNumber))
        errorText = try symbol("mysql_error", as: type(of: errorText))
        escape = try symbol("mysql_real_escape_string", as: type(of: escape))
        close = try symbol("mysql_close", as: type(of: close))
        ping = try symbol("mysql_ping", as: type(of: ping))
        threadID = try symbol("mysql_thread_id", as: type(of: threadID))
        clientVersion = try symbol("mysql_get_client_version", as: type(of: clientVersion))
        sslCipher = try symbol("mysql_get_ssl_cipher", as: type(of: sslCipher))
        nextResult = try symbol("mysql_next_result", as: type(of: nextResult))
        // mysql_library_init is a macro for mysql_server_init; it is not thread-safe, so it runs
        // here, under the lock, before any connection exists.
        let serverInit = try symbol(
            "mysql_server_init",
            as: (@convention(c) (Int32, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32).self)
        guard serverInit(0, nil, nil) == 0 else { throw MariaDBError.libraryUnavailable("\(name): mysql_library_init failed") }
    }

    /// The library's version as a number (`30307` for 3.3.7).
    public var version: UInt { clientVersion() }
}
