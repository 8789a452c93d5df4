import DadnsTestKit
import DadnsTestTraits
import Foundation
import GRDB
import Logging
import Testing
@testable import DadnsConfiguration
@testable import dadns
import SettingsKit
@testable import ZoneStore

/// `datastore.synchronous` (issue 19): the operator chooses how the SQLite store and the spool
/// commit, FULL unless set. The key is read and checked, reaches the writer connection of the
/// file `StoreOpener` opens (store and spool), and is said at start, in `/status` and by `dadns doctor`.
@Suite("Store durability", .offThePool)
struct StoreDurabilityTests {
    /// `yaml` with a bind backend that writes files only, in `directory`.
    func load(_ yaml: String, in directory: URL? = nil, environment: [String: String] = [:]) throws -> AppConfig {
        let directory = try directory ?? Scratch.directory("durability-config")
        return try ConfigLoaderTests().load(yaml + Self.bind(directory), environment: environment).config
    }

    static func bind(_ directory: URL) -> String {
        """

        dns:
          backends:
            bind:
              enabled: true
              reload: false
              zones_dir: \(directory.path)/zones
              named_conf: \(directory.path)/named.conf.include

        """
    }

    @Test func theKeyIsFullUnlessSetAndAnyOtherValueIsAnErrorNamingIt() throws {
        #expect(try ConfigLoaderTests().load(ConfigLoaderTests.referenceStyle).config.store.synchronous == .full)
        #expect(try load("datastore:\n  synchronous: normal").store.synchronous == .normal)
        #expect(try load("datastore:\n  synchronous: FULL").store.synchronous == .full)
        #expect(try load("app:\n  auth_password: x", environment: ["DADNS_DATASTORE_SYNCHRONOUS": "normal"]).store.synchronous == .normal)
        for value in ["off", "extra", "2"] {
            do {
                _ = try load("datastore:\n  synchronous: \(value)")
                Issue.record("accepted synchronous: \(value)")
            } catch let error as ConfigError {
                #expect(error.key == "datastore.synchronous", "\(error)")
                #expect("\(error)".contains("expected one of full, normal, got '\(value)'"), "\(error)")
            }
        }
    }

    /// The writer connection's `PRAGMA synchronous` (FULL 2, NORMAL 1).
    func synchronous(_ database: any DatabaseWriter) async throws -> Int? {
        try await database.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
    }

    @Test func theOpenerOpensTheStoreAndTheSpoolAtTheConfiguredSetting() async throws {
        for (key, expected) in [("", 2), ("  synchronous: normal", 1), ("  synchronous: full", 2)] {
            let directory = try Scratch.directory("durability-opener")
            let sqlite = try load("datastore:\n  db_location: \(directory.path)/store.db\n" + key, in: directory)
            let opened = try await StoreOpener.open(sqlite, lock: false, followOthers: false)
            let store = try #require(opened.store as? SQLiteZoneStore)
            #expect(try await synchronous(store.database) == expected, "store, \(key)")

            // A shared store that does not answer (nothing listens on the port): the daemon starts
            // on the spool, which commits as the key says.
            let port = try FreePort.find()
            let shared = try load("""
                datastore:
                  type: mysql
                  host: 127.0.0.1
                  port: \(port)
                  pass: x
                  spool_location: \(directory.path)/spool.db
                \(key)
                """, in: directory)
            let spooled = try await StoreOpener.open(shared, lock: false, followOthers: false, spoolLogger: Logger(label: "test"))
            let spool = try #require(spooled.spooling?.spool)
            #expect(try await synchronous(spool.database) == expected, "spool, \(key)")
        }
    }

    /// Logged once at start, in `/status`'s store section and a line of `dadns doctor`: NORMAL a
    /// warning there (exit 0), FULL ok.
    @Test func theDaemonSaysWhichItRunsAt() throws {
        let fix = " — fix: if every acknowledged push must survive a power loss, set datastore.synchronous: full (the default); "
            + "else DirectAdmin still holds the zones: the reconciler fetches a lost new zone, a re-push restores a lost edit"
        let cases = [
            (key: "", value: "full", detail: "synchronous=FULL — every acknowledged push is on disk before DirectAdmin's reply",
             doctor: "ok       store durability: %@"),
            (key: "synchronous: normal", value: "normal", detail: "synchronous=NORMAL — a power loss may lose the last acknowledged pushes",
             doctor: "warning  store durability: %@" + fix),
        ]
        for entry in cases {
            let daemon = try DadnsProcess { directory, port in
                """
                datastore:
                  db_location: \(directory.path)/data/dadns.db
                  \(entry.key)
                app:
                  auth_username: directdnsonly
                  auth_password: secret
                  listen_address: 127.0.0.1
                  listen_port: \(port)
                """ + Self.bind(directory)
            }
            defer { daemon.removeFiles() }
            let store = try #require(try daemon.status()["store"] as? [String: Any])
            #expect(store["synchronous"] as? String == entry.value, "\(store)")
            let logLines = daemon.log().split(separator: "\n").filter { $0.contains("store durability:") }
            #expect(logLines.count == 1 && logLines[0].hasSuffix("info dadns: [dadns] store durability: \(entry.detail)"), "\(daemon.log())")
            let doctor = try daemon.cli(["doctor"])
            let line = entry.doctor.replacingOccurrences(of: "%@", with: entry.detail)
            #expect(doctor.output.split(separator: "\n").contains { $0 == line }, "\(doctor.output)")
            #expect(doctor.status == 0, "\(doctor.output)")
            #expect(daemon.stop() == 0)
        }
    }
}
