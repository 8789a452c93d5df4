import Foundation
import MariaDB
import Testing
import DadnsTestKit
import DadnsTestTraits

/// The Connector/C client against a real MariaDB server started by the test.
@Suite("MariaDB client with a real server", .serialized, .offThePool)
struct MariaDBClientTests {
    static func configuration(_ server: MariaDBServer, password: String? = nil, tls: MariaDBConfiguration.TLS = .init()) -> MariaDBConfiguration {
        MariaDBConfiguration(
            host: "127.0.0.1", port: server.port, username: server.username, password: password ?? server.password,
            database: server.database, connectTimeout: 5, readTimeout: 10, writeTimeout: 10, tls: tls)
    }

    @Test func escapingRoundTripsEveryAwkwardValue() throws {
        let server = try MariaDBServer()
        defer { server.destroy() }
        let connection = try MariaDBConnection(library: try MariaDBLibrary.load(), configuration: Self.configuration(server))
        defer { connection.close() }
        #expect(connection.threadID > 0)
        try connection.execute("CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v TEXT) DEFAULT CHARSET=utf8mb4")
        let values = [
            "plain", "it's", "say \"hi\"", "back\\slash", "nul\u{0}byte", "emoji 🦊 and ü", "line\nbreak\r\ttab",
            "'; DROP TABLE t; --", "\\'", "%_", "",
        ]
        for value in values {
            try connection.execute("INSERT INTO t (v) VALUES (\(try connection.literal(value)))")
        }
        #expect(connection.lastInsertID == UInt64(values.count))
        let rows = try connection.query("SELECT v FROM t ORDER BY id")
        #expect(rows.map { $0[0] } == values.map { Optional($0) })
        #expect(try connection.query("SELECT NULL, 1") == [[nil, "1"]])
        #expect(try connection.query("SELECT COUNT(*) FROM t WHERE v = \(try connection.literal("emoji 🦊 and ü"))") == [["1"]])
        #expect(try connection.query("SELECT @@character_set_client, @@character_set_connection") == [["utf8mb4", "utf8mb4"]])
        #expect(try connection.execute("UPDATE t SET v = 'x' WHERE id <= 3") == 3)
    }

    @Test func transactionsCommitOrRollBack() throws {
        let server = try MariaDBServer()
        defer { server.destroy() }
        let connection = try MariaDBConnection(library: try MariaDBLibrary.load(), configuration: Self.configuration(server))
        try connection.execute("CREATE TABLE t (v INT) ENGINE=InnoDB")
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try connection.transaction {
                try connection.execute("INSERT INTO t VALUES (1), (2)")
                throw Abort()
            }
        }
        #expect(try connection.query("SELECT COUNT(*) FROM t") == [["0"]])
        try connection.transaction { try connection.execute("INSERT INTO t VALUES (3)") }
        #expect(try server.sql("SELECT v FROM t") == ["3"])
        // A failing statement is an error with the server's number and text.
        #expect(throws: MariaDBError.self) { try connection.execute("SELECT * FROM missing_table") }
        do {
            try connection.execute("SELECT * FROM missing_table")
        } catch let error as MariaDBError {
            #expect(error.code == 1146)
            #expect(error.description.contains("missing_table"))
        }
    }

    @Test func batchesRunInOrderAndStopAtTheFirstError() throws {
        let server = try MariaDBServer()
        defer { server.destroy() }
        var configuration = Self.configuration(server)
        configuration.multiStatements = true
        let connection = try MariaDBConnection(library: try MariaDBLibrary.load(), configuration: configuration)
        let results = try connection.batch([
            "CREATE TABLE t (v INT PRIMARY KEY)", "INSERT INTO t VALUES (1), (2)", "SET @x = 40", "SELECT @x + 2", "SELECT v FROM t ORDER BY v",
        ])
        #expect(results == [[], [], [], [["42"]], [["1"], ["2"]]])
        // Small packets: the same statements in several round trips give the same results.
        #expect(try connection.batch(["SELECT 1", "SELECT 2", "SELECT 3"], packetBytes: 10) == [[["1"]], [["2"]], [["3"]]])
        do {
            _ = try connection.batch(["INSERT INTO t VALUES (3)", "INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (4)"])
            Issue.record("a duplicate key was accepted")
        } catch let error as MariaDBError {
            #expect(error.code == 1062)
        }
        #expect(try connection.query("SELECT v FROM t ORDER BY v") == [["1"], ["2"], ["3"]])
        // Without multiStatements the statements run one by one, with the same results.
        let single = try MariaDBConnection(library: try MariaDBLibrary.load(), configuration: Self.configuration(server))
        #expect(try single.batch(["SELECT 1", "SELECT v FROM t WHERE v = 2"]) == [[["1"]], [["2"]]])
        #expect(throws: MariaDBError.self) { try single.query("SELECT 1; SELECT 2") }
    }

    @Test func poolReconnectsAfterItsConnectionIsKilled() async throws {
        let server = try MariaDBServer()
        defer { server.destroy() }
        let pool = MariaDBPool(library: try MariaDBLibrary.load(), configuration: Self.configuration(server), size: 1)
        defer { pool.close() }
        let first = try await pool.withConnection { $0.threadID }
        try server.rootSQL("KILL \(first)")
        let second = try await pool.withConnection { connection in
            (connection.threadID, try connection.query("SELECT 42"))
        }
        #expect(second.0 != first)
        #expect(second.1 == [["42"]])
        // Stopped server: the error says the server cannot be reached; after a restart it works.
        server.stop()
        await #expect(throws: MariaDBError.self) { try await pool.withConnection { try $0.query("SELECT 1") } }
        try server.start()
        #expect(try await pool.withConnection { try $0.query("SELECT 1") } == [["1"]])
    }

    @Test func poolRunsConnectionsSideBySide() async throws {
        let server = try MariaDBServer()
        defer { server.destroy() }
        let pool = MariaDBPool(library: try MariaDBLibrary.load(), configuration: Self.configuration(server), size: 3)
        defer { pool.close() }
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<3 {
                group.addTask { try await pool.withConnection { try $0.query("SELECT CONNECTION_ID(), SLEEP(0.4)")[0][0] ?? "" } }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(ids.count == 3)
    }

    @Test func failuresNameTheProblemButNeverThePassword() throws {
        let server = try MariaDBServer()
        defer { server.destroy() }
        let library = try MariaDBLibrary.load()
        let secret = "wrong-\(UUID().uuidString)"
        do {
            _ = try MariaDBConnection(library: library, configuration: Self.configuration(server, password: secret))
            Issue.record("a wrong password connected")
        } catch let error as MariaDBError {
            #expect(error.code == MariaDBErrorCode.accessDenied)
            #expect(!error.description.contains(secret))
            #expect(!"\(Self.configuration(server, password: secret))".contains(secret))
        }
        // TLS required, but this server has no certificate: refused, with and without certificate
        // verification (without, Connector/C itself would fall back to plain text).
        for verify in [true, false] {
            do {
                _ = try MariaDBConnection(library: library, configuration: Self.configuration(server, tls: .init(enabled: true, verifyServerCertificate: verify)))
                Issue.record("connected without TLS although TLS was required (verify: \(verify))")
            } catch let error as MariaDBError {
                #expect(error.code == 2026, "\(error)")
            }
        }
        let plain = try MariaDBConnection(library: library, configuration: Self.configuration(server))
        #expect(plain.tlsCipher == nil)
        // Nothing listening: a connection error, quickly (connect timeout).
        let closed = MariaDBConfiguration(host: "127.0.0.1", port: try FreePort.find(), username: "x", password: nil, database: nil, connectTimeout: 2)
        #expect(throws: MariaDBError.self) { try MariaDBConnection(library: library, configuration: closed) }
    }

    /// A self-signed certificate for 127.0.0.1 in `directory`; returns (certificate, key).
    static func makeCertificate(in directory: URL, name: String) throws -> (String, String) {
        let cert = directory.appendingPathComponent("\(name).pem").path
        let key = directory.appendingPathComponent("\(name).key").path
        let status = try ProgramRun.status([
            "/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ])
        guard status == 0 else { throw NamedServer.Failure("openssl req failed") }
        return (cert, key)
    }

    @Test func tlsConnectsAndChecksTheServerCertificate() throws {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-tls-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (cert, key) = try Self.makeCertificate(in: directory, name: "server")
        let (otherCert, _) = try Self.makeCertificate(in: directory, name: "other")
        let server = try MariaDBServer(extraArguments: ["--ssl-cert=\(cert)", "--ssl-key=\(key)"])
        defer { server.destroy() }
        let library = try MariaDBLibrary.load()
        // Encrypted, certificate not checked.
        let unchecked = try MariaDBConnection(
            library: library, configuration: Self.configuration(server, tls: .init(enabled: true, verifyServerCertificate: false)))
        #expect(unchecked.tlsCipher?.isEmpty == false)
        #expect(try unchecked.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'").first?[1]?.isEmpty == false)
        // Checked against the right CA: connects; against another: refused.
        let checked = try MariaDBConnection(
            library: library, configuration: Self.configuration(server, tls: .init(enabled: true, caFile: cert, verifyServerCertificate: true)))
        #expect(checked.tlsCipher != nil)
        do {
            _ = try MariaDBConnection(
                library: library, configuration: Self.configuration(server, tls: .init(enabled: true, caFile: otherCert, verifyServerCertificate: true)))
            Issue.record("a server certificate from an unknown CA was accepted")
        } catch let error as MariaDBError {
            #expect(error.code == 2026, "\(error)")
        }
        // Without TLS settings the connection is plain.
        #expect(try MariaDBConnection(library: library, configuration: Self.configuration(server)).tlsCipher == nil)
    }

    @Test func missingLibraryNamesThePackage() {
        do {
            _ = try MariaDBLibrary.load(path: "/nonexistent/libmariadb.so.3")
            Issue.record("loaded a library that does not exist")
        } catch {
            #expect("\(error)".contains("libmariadb3"))
            #expect((error as? MariaDBError)?.isLibraryError == true)
        }
    }

    @Test func identifiersAreCheckedBeforeTheyReachSQL() throws {
        #expect(try MariaDBIdentifier.quoted("records") == "`records`")
        #expect(try MariaDBIdentifier.quoted("_dns_zones2") == "`_dns_zones2`")
        for bad in ["", "1abc", "a-b", "a`b", "a b", "a;drop", String(repeating: "x", count: 65), "ä"] {
            #expect(throws: MariaDBError.self) { try MariaDBIdentifier.quoted(bad) }
        }
    }
}
