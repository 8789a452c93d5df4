import Foundation
import Testing
import Backends
import DadnsTestKit
@testable import DadnsConfiguration
import SettingsKit

/// Configuration: the reference's app.yml keys, environment overrides, defaults and errors.
@Suite("Configuration")
struct ConfigLoaderTests {
    func writeConfig(_ yaml: String) throws -> String {
        let directory = try Scratch.directory("config")
        let path = directory.appendingPathComponent("app.yml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func searchOrderTakesTheFirstFileThatExists() throws {
        let first = try writeConfig("app:\n  listen_port: 2300\ndns:\n  backends:\n    bind: {enabled: true}\n")
        let second = try writeConfig("app:\n  listen_port: 2400\ndns:\n  backends:\n    bind: {enabled: true}\n")
        let loaded = try ConfigLoader.load(explicitPath: nil, environment: [:], searchPaths: ["/nonexistent/app.yml", first, second])
        #expect(loaded.config.sourceFile == first)
        #expect(loaded.config.listenPort == 2300)
        #expect(throws: ConfigError.self) {
            try ConfigLoader.load(explicitPath: "/nonexistent/app.yml", environment: [:])
        }
    }

    func load(_ yaml: String, environment: [String: String] = [:]) throws -> ConfigLoader.Loaded {
        try ConfigLoader.load(explicitPath: try writeConfig(yaml), environment: environment)
    }

    static let referenceStyle = """
        log_level: DEBUG
        timezone: Pacific/Auckland
        queue_location: ./data/queues
        datastore:
          db_location: /var/lib/directdnsonly/dns.db
        app:
          auth_username: directdnsonly
          auth_password: changeme
          listen_port: 2222
          ssl_enable: false
          check_subdomain_owner_in_cluster_domainowners: true
        dns:
          default_backend: coredns_dc1
          backends:
            bind:
              enabled: false
              zones_dir: /etc/named/zones
              named_conf: /etc/named/directdnsonly.inc
            coredns_dc1:
              type: coredns_mysql
              enabled: true
              host: 10.0.0.5
              port: 3306
              database: coredns
              username: coredns
              password: dbsecret
            coredns_dc2:
              type: coredns_mysql
              host: 10.1.0.5
              password: other
        """

    @Test func readsTheReferenceKeys() throws {
        let loaded = try load(Self.referenceStyle)
        let config = loaded.config
        #expect(config.logging.level == .debug)
        #expect(ConfigPrinter.render(config).contains("\ntimezone: Pacific/Auckland  #"))
        #expect(config.databasePath == "/var/lib/directdnsonly/dns.db")
        #expect(config.server.authPassword == "changeme")
        #expect(config.listenPort == 2222)
        #expect(config.server.reportsParentOwner)
        #expect(config.backends.map(\.name) == ["bind", "coredns_dc1", "coredns_dc2"])
        // A stanza without `type` takes its name as type; `enabled` is off unless set (as in
        // the reference).
        #expect(config.backends[0].type == "bind" && !config.backends[0].enabled)
        #expect(config.backends[1].type == "coredns_mysql" && CoreDNSMySQLSettings(stanza: config.backends[1]).connection.port == 3306)
        #expect(!config.backends[2].enabled && CoreDNSMySQLSettings(stanza: config.backends[2]).connection.database == "coredns")
        #expect(config.enabledBackends.map(\.name) == ["coredns_dc1"])
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
    }

    /// The reference's commented MySQL datastore block, uncommented, plus dadns's own keys.
    @Test func readsTheReferenceMySQLDatastoreKeys() throws {
        let yaml = """
            datastore:
              type: mysql
              host: "db.internal"
              port: "3307"
              name: "directdnsonly"
              user: "dadns"
              pass: "changeme"
              ssl: true
              ssl_ca: /etc/ssl/db-ca.pem
              poll_interval_ms: 100
            app:
              node_name: ns1-dc2
            dns:
              backends:
                bind: {enabled: true}

            """
        let loaded = try load(yaml)
        let store = loaded.config.store
        #expect(store.kind == .mysql)
        #expect(store.database.host == "db.internal" && store.database.port == 3307)
        #expect(store.database.database == "directdnsonly" && store.database.username == "dadns")
        #expect(store.database.password == "changeme")
        #expect(store.database.tls.enabled && store.database.tls.caFile == "/etc/ssl/db-ca.pem")
        #expect(store.pollIntervalMilliseconds == 100 && store.poolSize == 4)
        #expect(loaded.config.server.nodeName == "ns1-dc2")
        #expect(!ConfigPrinter.render(loaded.config).contains("changeme"))
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        // Unset: SQLite, and the node is named after the host.
        let plain = try load("dns:\n  backends:\n    bind: {enabled: true}\n").config
        #expect(plain.store.kind == .sqlite && plain.store.pollIntervalMilliseconds == 250)
        #expect(plain.server.nodeName == NodeName.hostName() && NodeName.isValid(plain.server.nodeName))
    }

    @Test func environmentOverridesKeysAndBackendNamesWithUnderscores() throws {
        let loaded = try load(Self.referenceStyle, environment: [
            "DADNS_APP_AUTH_PASSWORD": "from-env",
            "DADNS_DNS_BACKENDS_BIND_ENABLED": "yes",
            "DADNS_DNS_BACKENDS_COREDNS_DC2_ENABLED": "true",
            "DADNS.DNS.BACKENDS.COREDNS_DC1.PORT": "3307",
            "DADNS_DNS_BACKENDS_BIND_RNDC_PORT": "9953",
            "DADNS_APP_LISTEN_PORT": "2223",
            "PATH": "/usr/bin",
        ])
        let config = loaded.config
        #expect(config.server.authPassword == "from-env")
        #expect(config.listenPort == 2223)
        #expect(config.backends.first { $0.name == "bind" }?.enabled == true)
        #expect(config.backends.first { $0.name == "coredns_dc2" }?.enabled == true)
        #expect(config.backends.first { $0.name == "coredns_dc1" }.map { CoreDNSMySQLSettings(stanza: $0).connection.port } == 3307)
        #expect(config.backends.first { $0.name == "bind" }.map { BindBackendSettings(stanza: $0).rndcPort } == 9953)
        #expect(config.fromEnvironment.contains("dns.backends.coredns_dc2.enabled"))
    }

    @Test func environmentCanAddABackend() throws {
        let loaded = try load("app:\n  auth_password: x\n", environment: ["DADNS_DNS_BACKENDS_NSD_ENABLED": "true"])
        #expect(loaded.config.backends.map(\.type) == ["nsd"])
    }

    @Test func unknownKeysWarnAndBadValuesNameTheKey() throws {
        let loaded = try load("app:\n  listen_prot: 1\n  auth_password: x\ndns:\n  backends:\n    bind:\n      enabled: true\n      zone_dir: /x\n")
        #expect(loaded.warnings.contains { $0.contains("'app.listen_prot'") })
        #expect(loaded.warnings.contains { $0.contains("'dns.backends.bind.zone_dir'") })
        let cases: [(String, String)] = [
            ("app:\n  listen_port: http\n", "app.listen_port"),
            ("app:\n  ssl_enable: maybe\n", "app.ssl_enable"),
            ("log_level: loud\n", "log_level"),
            ("dns:\n  backends:\n    mystery: {}\n", "dns.backends.mystery.type"),
            ("dns:\n  default_backend: nope\n  backends:\n    bind: {enabled: true}\n", "dns.default_backend"),
            ("datastore:\n  type: postgres\n", "datastore.type"),
            ("datastore:\n  type: mysql\ndns:\n  backends:\n    bind: {enabled: true}\n", "datastore.pass"),
            ("app:\n  node_name: 'a b'\ndns:\n  backends:\n    bind: {enabled: true}\n", "app.node_name"),
            ("dns:\n  backends:\n    bind:\n      enabled: false\n", "dns.backends"),
            ("app:\n  max_body_size: lots\n", "app.max_body_size"),
            ("dns:\n  retry_schedule_seconds: soon\n", "dns.retry_schedule_seconds"),
            ("dns:\n  retry_schedule_seconds: \"1,,2\"\n", "dns.retry_schedule_seconds"),
            ("dns:\n  backends:\n    db:\n      type: coredns_mysql\n      pool_size: 0\n", "dns.backends.db.pool_size"),
        ]
        for (yaml, key) in cases {
            do {
                _ = try load(yaml)
                Issue.record("accepted: \(yaml)")
            } catch let error as ConfigError {
                #expect(error.key == key, "\(yaml): \(error)")
            }
        }
    }

    @Test func embeddedDefaultWhenNoFileExists() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("dadns-nofile-\(UUID().uuidString)")
        let loaded = try ConfigLoader.load(
            explicitPath: nil, environment: [:], searchPaths: [missing.appendingPathComponent("app.yml").path])
        #expect(loaded.config.sourceFile == nil)
        #expect(loaded.config.backends.map(\.name) == ["bind"])
        let bind = BindBackendSettings(stanza: loaded.config.backends[0], searchPath: nil)
        #expect(bind.zonesDirectory == "./data/zones")
        #expect(bind.includeFile == "./data/named.conf.include")
        #expect(loaded.config.databasePath == "./data/directdnsonly.db")
        // No rndc on purpose (`reload: false`), so a machine with bind9 installed needs no named: no warning.
        #expect(bind.rndcProgram == .disabled(by: "reload: false"))
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
    }

    @Test func printedConfigMasksSecrets() throws {
        let loaded = try load(Self.referenceStyle)
        let text = ConfigPrinter.render(loaded.config)
        #expect(!text.contains("changeme") && !text.contains("dbsecret") && !text.contains("other\n"))
        #expect(text.contains("auth_password: '********'"))
        #expect(text.contains(
            "    coredns_dc1:\n      type: coredns_mysql  # Backend implementation; defaults to the stanza's name.\n"
                + "      enabled: true  # Whether the backend receives zones (off unless set, as in the reference).\n"
                + "      host: 10.0.0.5  # MySQL/MariaDB host."), "\(text)")
        // The printed configuration is itself a valid configuration (secrets aside).
        _ = try ConfigNode.parse(yaml: text)
    }

    /// The reference's bundled app.yml, as it ships (comments trimmed).
    static let bundledReferenceFile = """
        ---
        timezone: Pacific/Auckland
        log_level: INFO
        queue_location: ./data/queues
        datastore:
          type: sqlite
          db_location: ./data/directdnsonly.db
        app:
          auth_username: directdnsonly
          auth_password: changeme  # Override via DADNS_APP_AUTH_PASSWORD env var
          #ssl_enable: true
          #check_subdomain_owner_in_cluster_domainowners: 1
        dns:
          backends:
            bind:
              type: bind
              enabled: true
              zones_dir: ./data/zones
              named_conf: ./data/named.conf.include
            # nsd:
            #   type: nsd
        """

    /// The reference runs the `rndc` on PATH: with one there its file loads without a warning;
    /// without one the warning says what to set.
    @Test func theReferenceBundledFileLoadsCleanly() throws {
        let bin = try Scratch.directory("rndc-bin")
        try "#!/bin/sh\n".write(to: bin.appendingPathComponent("rndc"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("rndc").path)
        let loaded = try load(Self.bundledReferenceFile, environment: ["PATH": bin.path])
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        let empty = try Scratch.directory("no-rndc")
        let withoutRndc = try load(Self.bundledReferenceFile, environment: ["PATH": empty.path])
        #expect(withoutRndc.warnings == [
            "backend 'bind': no rndc found on PATH (\(empty.path)): zone files are written but named is not told to load them; "
                + "install rndc (Debian: bind9-utils) or set rndc_path to it, or set reload: false to write files only"
        ])
        #expect(loaded.config.server.reportsParentOwner)
        #expect(loaded.config.enabledBackends.map(\.name) == ["bind"])
        #expect(loaded.config.logging.level == .info)
    }

    /// `reload: false` and `rndc_path: ""` (in the file or the environment) skip reloads on
    /// purpose: no warning, and the settings serve builds run no rndc, even with one on PATH.
    @Test func reloadsSkippedOnPurposeRunNoRndcAndAreNotWarnedAbout() throws {
        let bin = try Scratch.directory("rndc-bin")
        try "#!/bin/sh\n".write(to: bin.appendingPathComponent("rndc"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("rndc").path)
        let empty = try Scratch.directory("no-rndc")
        let cases: [(yaml: String, environment: [String: String], setting: String)] = [
            ("      reload: false\n", [:], "reload: false"),
            ("      rndc_path: \"\"\n", [:], "rndc_path: \"\""),
            ("", ["DADNS_DNS_BACKENDS_BIND_RNDC_PATH": ""], "rndc_path: \"\""),
            ("", ["DADNS_DNS_BACKENDS_BIND_RELOAD": "false"], "reload: false"),
        ]
        for (yaml, environment, setting) in cases {
            for path in [bin.path, empty.path] {
                let loaded = try load(
                    "dns:\n  backends:\n    bind:\n      enabled: true\n" + yaml, environment: environment.merging(["PATH": path]) { $1 })
                #expect(loaded.warnings.isEmpty, "\(setting): \(loaded.warnings)")
                let settings = BindBackendSettings(stanza: try #require(loaded.config.enabledBackends.first), searchPath: path)
                #expect(settings.rndcProgram == .disabled(by: setting) && settings.rndc(["status"]) == nil, "\(settings.rndcProgram)")
            }
        }
        // Unset: the rndc on PATH.
        let loaded = try load("dns:\n  backends:\n    bind:\n      enabled: true\n", environment: ["PATH": bin.path])
        let settings = BindBackendSettings(stanza: try #require(loaded.config.enabledBackends.first), searchPath: bin.path)
        #expect(settings.rndc(["status"]) == [bin.path + "/rndc", "status"])
    }

    /// The README's `bind` example, its commented keys switched on, loads without a warning.
    @Test func theReadmeBindExampleHasOnlyKnownKeys() throws {
        let readme = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "### `bind`\n"))
        let start = try #require(readme.range(of: "```yaml\n", range: section.upperBound..<readme.endIndex))
        let end = try #require(readme.range(of: "```\n", range: start.upperBound..<readme.endIndex))
        let yaml = readme[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let text = line.drop { $0 == " " }
            return text.hasPrefix("# ") ? String(line.prefix(line.count - text.count)) + text.dropFirst(2) : String(line)
        }.joined(separator: "\n")
        let loaded = try load(yaml)
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)\n\(yaml)")
        let bind = BindBackendSettings(stanza: try #require(loaded.config.enabledBackends.first), searchPath: nil)
        #expect(bind.rndcProgram == .configured("/usr/sbin/rndc") && bind.rndcPort == 953)
    }

    @Test func coreDNSMySQLSettingsAndRetrySchedule() throws {
        let loaded = try load("""
            dns:
              retry_schedule_seconds: "1, 2.5,10"
              backends:
                coredns_dc1:
                  type: coredns_mysql
                  enabled: true
                  host: db1.example
                  password: s3cret
                  table_name: dns_records
                  ssl: true
                  ssl_ca: /etc/ssl/ca.pem
                  pool_size: 8
            """)
        #expect(loaded.config.dispatch.retryDelays == [1, 2.5, 10])
        let settings = CoreDNSMySQLSettings(stanza: loaded.config.enabledBackends[0])
        #expect(settings.recordsTable == "dns_records" && settings.zonesTable == "zones")
        #expect(settings.poolSize == 8 && settings.connection.port == 3306 && settings.connection.database == "coredns")
        #expect(settings.connection.tls.enabled && settings.connection.tls.caFile == "/etc/ssl/ca.pem")
        #expect(settings.connection.tls.verifyServerCertificate)
        #expect(!"\(settings.connection)".contains("s3cret"))
        #expect(!ConfigPrinter.render(loaded.config).contains("s3cret"))
        #expect(try load("dns:\n  backends:\n    bind: {enabled: true}\n").config.dispatch.retryDelays == [30, 120, 300, 900, 1800])
        // A table name that is not a plain identifier stops start-up, naming the key.
        let bad = try load("dns:\n  backends:\n    db:\n      type: coredns_mysql\n      enabled: true\n      records_table: \"r`; DROP\"\n")
        #expect(throws: ConfigError.self) { try BackendRegistry.preflight(bad.config.backends) }
    }

    @Test func byteSizes() {
        #expect(ConfigValueParsing.byteSize("16M") == 16 << 20)
        #expect(ConfigValueParsing.byteSize("512k") == 512 << 10)
        #expect(ConfigValueParsing.byteSize("1048576") == 1_048_576)
        #expect(ConfigValueParsing.byteSize("-1") == nil)
        #expect(ConfigValueParsing.byteSize("lots") == nil)
    }
}
