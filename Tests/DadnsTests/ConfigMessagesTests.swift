import Foundation
import Testing
import Backends
import DadnsTestKit
@testable import DadnsConfiguration
import SettingsKit

/// Configuration messages an operator can act on: the nearest known key for a misspelt one,
/// the variable behind a bad value from the environment, the line of every error from the
/// file, and check-config's descriptions of the keys.
@Suite("Configuration messages")
struct ConfigMessagesTests {
    func load(_ yaml: String, environment: [String: String] = [:]) throws -> ConfigLoader.Loaded {
        let path = try Scratch.directory("config-messages").appendingPathComponent("app.yml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try ConfigLoader.load(explicitPath: path, environment: environment)
    }

    /// The error `yaml` stops with.
    func failure(_ yaml: String, environment: [String: String] = [:]) throws -> ConfigError? {
        do {
            _ = try load(yaml, environment: environment)
            return nil
        } catch let error as ConfigError {
            return error
        }
    }

    static let bind = "dns:\n  backends:\n    bind: {enabled: true}\n"

    @Test func unknownKeysSuggestTheNearestKnownKeyInSectionsAndStanzas() throws {
        let loaded = try load("""
            log_levl: INFO
            app:
              listen_address: 127.0.0.1
              listen_prot: 2300
              completely_unrelated: 1
            datastor:
              db_location: ./x.db
            dns:
              backend:
                x: 1
              backends:
                bind:
                  enabled: true
                  zones_dri: /tmp/z
            """)
        let warnings = loaded.warnings
        #expect(warnings.contains("unknown configuration key 'app.listen_prot' (line 4): did you mean `listen_port`? (ignored)"), "\(warnings)")
        #expect(warnings.contains("unknown configuration key 'log_levl' (line 1): did you mean `log_level`? (ignored)"), "\(warnings)")
        #expect(warnings.contains("unknown configuration key 'datastor' (line 6): did you mean `datastore`? (ignored)"), "\(warnings)")
        #expect(warnings.contains("unknown configuration key 'dns.backend' (line 9): did you mean `backends`? (ignored)"), "\(warnings)")
        #expect(warnings.contains(
            "unknown configuration key 'dns.backends.bind.zones_dri' (line 14) for a bind backend: did you mean `zones_dir`? (ignored)"),
            "\(warnings)")
        // Nothing near: no guess.
        #expect(warnings.contains("unknown configuration key 'app.completely_unrelated' (line 5) (ignored)"), "\(warnings)")
        // A key of another section: that one.
        let moved = try load("app:\n  db_location: ./x.db\n  backends: {}\n" + Self.bind).warnings
        #expect(moved.contains("unknown configuration key 'app.db_location' (line 2): did you mean `datastore.db_location`? (ignored)"), "\(moved)")
        #expect(moved.contains("unknown configuration key 'app.backends' (line 3): did you mean `dns.backends`? (ignored)"), "\(moved)")
        let stanza = try load("dns:\n  backends:\n    dc1:\n      type: bind\n      enabled: true\n      unix_socket: /run/mysqld.sock\n").warnings
        #expect(stanza.contains(
            "unknown configuration key 'dns.backends.dc1.unix_socket' (line 6) for a bind backend: it belongs to coredns_mysql backends (is `type` right?) (ignored)"),
            "\(stanza)")
    }

    @Test func unknownKeysInServerAndPeerEntriesSuggestTooWithTheirLine() throws {
        let server = try #require(try failure(Self.bind + """
            reconciliation:
              directadmin_servers:
                - hostname: da1.example.net
                  usernme: admin
            """))
        #expect(server.key == "reconciliation.directadmin_servers[0].usernme")
        #expect(server.description.contains("did you mean `username`?"), "\(server)")
        #expect(server.line == 7, "\(server)")
        let peer = try #require(try failure(Self.bind + """
            peer_sync:
              peers:
                - ulr: https://peer.example.net:2222
            """))
        #expect(peer.description.contains("did you mean `url`?"), "\(peer)")
        #expect(peer.line == 6, "\(peer)")
        #expect(NearestName.suggestion(for: "rndc_prot", among: ["rndc_port", "rndc_path", "zones_dir"]) == "rndc_port")
        #expect(NearestName.suggestion(for: "xyz", among: ["rndc_port", "zones_dir"]) == nil)
    }

    @Test func aBadValueFromTheEnvironmentNamesTheVariableNotALine() throws {
        let error = try #require(try failure("app:\n  listen_port: 2300\n" + Self.bind, environment: ["DADNS_APP_LISTEN_PORT": "many"]))
        #expect(error.key == "app.listen_port")
        #expect(error.variable == "DADNS_APP_LISTEN_PORT")
        #expect(error.line == nil)
        #expect(error.description.hasPrefix("DADNS_APP_LISTEN_PORT (app.listen_port): expected a whole number"), "\(error)")
        let backend = try #require(try failure(Self.bind, environment: ["DADNS_DNS_BACKENDS_BIND_COMMAND_TIMEOUT": "soon"]))
        #expect(backend.description.hasPrefix("DADNS_DNS_BACKENDS_BIND_COMMAND_TIMEOUT (dns.backends.bind.command_timeout):"), "\(backend)")
        let reload = try #require(try failure(Self.bind, environment: ["DADNS_DNS_DEFAULT_BACKEND": "bnid"]))
        #expect(reload.description.hasPrefix("DADNS_DNS_DEFAULT_BACKEND (dns.default_backend):"), "\(reload)")
        #expect(reload.description.contains("did you mean `bind`?"), "\(reload)")
    }

    @Test func everyErrorFromTheFileHasItsLine() throws {
        let cases: [(yaml: String, key: String, line: Int)] = [
            ("app:\n  listen_port: many\n" + Self.bind, "app.listen_port", 2),
            ("app:\n  listen_port: [1, 2]\n" + Self.bind, "app.listen_port", 2),
            ("dns:\n  backends:\n    bind:\n      enabled: true\n      rndc_port: high\n", "dns.backends.bind.rndc_port", 5),
            ("dns:\n  backends:\n    bind:\n      enabled: true\n      zones_dir: [a, b]\n", "dns.backends.bind.zones_dir", 5),
            ("dns:\n  backends:\n    bind:\n      type: bnid\n", "dns.backends.bind.type", 4),
            ("dns:\n  backends:\n    bad name: {enabled: true}\n", "dns.backends.bad name", 3),
            ("dns:\n  backends: [bind]\n", "dns.backends", 2),
            ("dns:\n  default_backend: nope\n  backends:\n    bind: {enabled: true}\n", "dns.default_backend", 2),
            ("dns:\n  backends:\n    bind:\n      enabled: false\n", "dns.backends", 3),
            (Self.bind + "reconciliation:\n  directadmin_servers:\n    - hostname: da1.example.net\n      port: x\n",
             "reconciliation.directadmin_servers[0].port", 7),
            (Self.bind + "reconciliation:\n  directadmin_servers:\n    - hostname: da1.example.net\n",
             "reconciliation.directadmin_servers[0].username", 6),
            (Self.bind + "reconciliation:\n  directadmin_servers: yes\n", "reconciliation.directadmin_servers", 5),
            (Self.bind + "peer_sync:\n  peers:\n    - url: ftp://x\n      password: p\n", "peer_sync.peers[0].url", 6),
            (Self.bind + "peer_sync:\n  self_url: ftp://x\n", "peer_sync.self_url", 5),
        ]
        for (yaml, key, line) in cases {
            let error = try #require(try failure(yaml), "accepted: \(yaml)")
            #expect(error.key == key, "\(yaml): \(error)")
            #expect(error.line == line, "\(yaml): \(error)")
            #expect(error.description.hasSuffix("(line \(line))"), "\(error)")
        }
    }

    @Test func checkConfigDescribesEachKeyAndMarksTheUnusedReferenceKeys() throws {
        let loaded = try load("app:\n  log_to: /var/log/x\n  proxy_support_base: http://x\n" + Self.bind)
        let text = ConfigPrinter.render(loaded.config)
        #expect(text.contains("  listen_port: 2222  # HTTP(S) port for DirectAdmin.\n"), "\(text)")
        #expect(text.contains("  log_to: /var/log/x  # [unused] "), "\(text)")
        #expect(text.contains("  proxy_support_base: 'http://x'  # [unused] "), "\(text)")
        #expect(text.contains("queue_location: ./data/queues  # [unused] "), "\(text)")
        // Issue 17: the reference's MySQL datastore keys are read (datastore.type: mysql).
        #expect(text.contains("  host: 127.0.0.1  # MariaDB/MySQL host (type mysql).\n"), "\(text)")
        #expect(text.contains("      zones_dir: ./data/zones  # Directory of the zone files.\n"), "\(text)")
        // Every key printed carries a description; the unused ones are exactly the flagged keys.
        for key in ConfigSchema.keys {
            #expect(text.contains("  # " + (key.unused ? "[unused] " : "") + key.help + "\n"), "\(key.path)")
        }
        let unused = Set(ConfigSchema.keys.filter(\.unused).map(\.path))
        #expect(unused.isSuperset(of: [
            "queue_location", "environment", "app.proxy_support_base", "app.log_level", "app.log_to",
        ]))
        for used in ["app.listen_port", "datastore.db_location", "datastore.host", "datastore.port", "datastore.name", "datastore.user", "datastore.pass"] {
            #expect(!unused.contains(used), "\(used)")
        }
    }
}
