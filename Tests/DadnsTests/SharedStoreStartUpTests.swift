import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// `dadns doctor` and `dadns serve` on a shared store (`datastore.type: mysql`), against a real
/// MariaDB: the doctor connects with the configured settings instead of checking a SQLite file;
/// serve stops with one line naming the database and exits 78 when a setting is wrong (while the
/// database does not answer, serve starts and spools: SpoolEndToEndTests). The password is never shown.
@Suite("Start-up on a shared MariaDB store", .serialized, .offThePool)
struct SharedStoreStartUpTests {
    /// A configuration on `server`'s database, with a coredns_mysql backend on the same server;
    /// the store's password comes from the environment.
    func write(_ server: MariaDBServer, in directory: URL) throws {
        let port = try FreePort.find()
        try """
            datastore:
              type: mysql
              host: 127.0.0.1
              port: \(server.port)
              name: \(server.database)
              user: \(server.username)
            app:
              node_name: node-a
              auth_password: secret
              listen_address: 127.0.0.1
              listen_port: \(port)
            dns:
              backends:
            \(DadnsProcess.corednsBackend(server).split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            """.write(to: directory.appendingPathComponent("app.yml"), atomically: true, encoding: .utf8)
    }

    func dadns(_ arguments: [String], in directory: URL, password: String) throws -> (status: Int32, output: String) {
        let (status, output, errors) = try ReadmeCommandTests().run(
            arguments + ["--config", "app.yml"], in: directory, environment: ["DADNS_DATASTORE_PASS": password])
        return (status, output + errors)
    }

    /// The doctor's line for the shared store (not `store durability`, the spool's setting).
    func storeLine(_ output: String) -> String? {
        output.split(separator: "\n").map(String.init).first { $0.contains(" store mysql ") }
    }

    @Test func theDoctorConnectsToTheDatabaseAndReportsItsSchemaOrWhatToChange() throws {
        let server = try MariaDBServer()
        defer { server.destroy() }
        let directory = try Scratch.directory("shared-doctor")
        try write(server, in: directory)
        let check = "store mysql \(server.username)@127.0.0.1:\(server.port)/\(server.database)"

        let fresh = try dadns(["doctor"], in: directory, password: server.password)
        #expect(fresh.status == 0, "\(fresh.output)")
        #expect(storeLine(fresh.output)?.hasPrefix("ok       \(check): server ") == true, "\(fresh.output)")
        #expect(fresh.output.contains("answers; no schema yet: the first node to start creates it (version 4)"), "\(fresh.output)")
        // No SQLite file is checked, and nothing was created.
        #expect(!fresh.output.contains("db_location") && !fresh.output.contains(".db"), "\(fresh.output)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("data").path))

        // Once a node created the schema, its version.
        let node = try DadnsProcess(backends: DadnsProcess.corednsBackend(server), app: "node_name: node-a", datastore: DadnsProcess.sharedStore(server))
        node.stop()
        node.removeFiles()
        let migrated = try dadns(["doctor"], in: directory, password: server.password)
        #expect(storeLine(migrated.output)?.hasSuffix("answers; schema version 4") == true, "\(migrated.output)")

        // A wrong password: the keys to check, not the password.
        let refused = try dadns(["doctor"], in: directory, password: "wrong-pw-123")
        #expect(refused.status == 78, "\(refused.output)")
        let line = try #require(storeLine(refused.output))
        #expect(line.hasPrefix("error    \(check): the server at 127.0.0.1:\(server.port) refused the login as '\(server.username)'"), "\(line)")
        #expect(line.contains("fix: check datastore.user and datastore.pass (or DADNS_DATASTORE_PASS)"), "\(line)")
        #expect(!refused.output.contains("wrong-pw-123") && !refused.output.contains(server.password))

        // The server is down.
        server.stop()
        let down = try dadns(["doctor"], in: directory, password: server.password)
        #expect(down.status == 78, "\(down.output)")
        #expect(storeLine(down.output)?.hasPrefix("error    \(check): the database at 127.0.0.1:\(server.port) does not answer") == true, "\(down.output)")
        #expect(down.output.contains("fix: start the database server, or check datastore.host and datastore.port"), "\(down.output)")
    }

    @Test func serveExits78OnAWrongPassword() throws {
        let server = try MariaDBServer()
        defer { server.destroy() }
        let directory = try Scratch.directory("shared-serve")
        try write(server, in: directory)
        let check = "store mysql \(server.username)@127.0.0.1:\(server.port)/\(server.database)"

        let refused = try dadns(["serve"], in: directory, password: "wrong-pw-123")
        #expect(refused.status == 78, "\(refused.output)")
        let critical = refused.output.split(separator: "\n").filter { $0.contains("critical") }
        #expect(critical.count == 1 && critical[0].contains("cannot start: \(check): the server at 127.0.0.1:\(server.port) refused the login"),
                "\(refused.output)")
        #expect(!refused.output.contains("wrong-pw-123") && !refused.output.contains(server.password))

        // While the database does not answer, serve starts and spools DirectAdmin's changes
        // (issue 17's spool): SpoolEndToEndTests.aNodeStartsWhileTheDatabaseIsDownAndOpensTheStoreWhenItAnswers.
    }

    @Test func aHeartbeatIntervalOutside1To300SecondsIsRefusedNamingTheKey() throws {
        let directory = try Scratch.directory("shared-heartbeat")
        for (value, accepted) in [("0", false), ("301", false), ("1", true), ("300", true)] {
            try "datastore:\n  type: mysql\n  pass: x\n  heartbeat_seconds: \(value)\n"
                .write(to: directory.appendingPathComponent("app.yml"), atomically: true, encoding: .utf8)
            let (_, output, errors) = try ReadmeCommandTests().run(["check-config", "--config-only", "--config", "app.yml"], in: directory)
            let refusal = "datastore.heartbeat_seconds: expected a whole number from 1 to 300, got '\(value)' (line 4)"
            #expect((output + errors).contains(refusal) == !accepted, "\(value): \(output)\(errors)")
        }
    }
}
