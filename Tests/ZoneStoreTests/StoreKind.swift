import Foundation
import Testing
import DadnsTestKit
import MariaDB
@testable import ZoneStore

/// The implementations the store suites run against: every test that takes a `StoreKind` runs
/// once on SQLite and once on MariaDB (a real server on loopback, started once per test process;
/// each test gets its own database on it).
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case mariadb

    var testDescription: String { rawValue }

    /// A new, empty store, and a way to open the same data again (as after a restart).
    struct Opened: Sendable {
        let store: any ZoneStore
        let reopen: @Sendable () async throws -> any ZoneStore
    }

    /// A new store: SQLite in a file (or in memory with `inMemory`), or MariaDB in a new database.
    func open(inMemory: Bool = false) async throws -> Opened {
        switch self {
        case .sqlite:
            if inMemory {
                let store = try SQLiteZoneStore.inMemory()
                return Opened(store: store, reopen: { store })
            }
            let path = try Scratch.directory("store").appendingPathComponent("store.db").path
            return Opened(store: try SQLiteZoneStore(path: path), reopen: { try SQLiteZoneStore(path: path) })
        case .mariadb:
            let configuration = try await SharedMariaDB.newDatabase()
            let open: @Sendable () async throws -> any ZoneStore = {
                try await MariaDBZoneStore(pool: MariaDBPool(library: try MariaDBLibrary.load(), configuration: configuration), nodeName: "node-a")
            }
            return Opened(store: try await open(), reopen: open)
        }
    }
}

/// The MariaDB server the store suites share, started on first use and removed when the test
/// process exits.
enum SharedMariaDB {
    static let server: Result<MariaDBServer, any Error> = {
        let result = Result { try MariaDBServer() }
        if case .success = result { atexit { if case .success(let server) = SharedMariaDB.server { server.destroy() } } }
        return result
    }()

    /// A new database on the shared server for one test, and how the store connects to it. The
    /// first call starts the server (seconds); that and the SQL run off Swift's cooperative pool.
    static func newDatabase() async throws -> MariaDBConfiguration {
        try await OffPool.run { try newDatabaseWaiting() }
    }

    private static func newDatabaseWaiting() throws -> MariaDBConfiguration {
        let server = try server.get()
        let name = "store_\(UUID().uuidString.prefix(8).lowercased())"
        try server.rootSQL("""
            CREATE DATABASE \(name) CHARACTER SET utf8mb4;
            GRANT ALL ON \(name).* TO '\(server.username)'@'127.0.0.1';
            """)
        return MariaDBConfiguration(
            host: "127.0.0.1", port: server.port, username: server.username, password: server.password, database: name,
            connectTimeout: 5, readTimeout: 30, writeTimeout: 30)
    }
}
