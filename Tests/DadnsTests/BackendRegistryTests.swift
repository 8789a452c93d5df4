import Foundation
import Logging
import Testing
import Backends
import DadnsTestKit
@testable import DadnsConfiguration
import SettingsKit

/// Each backend type owns its stanza's keys and defaults and builds its settings from a checked
/// stanza; the registry is the one list of types, so the loader, `check-config` and `serve`
/// know the same ones and an unknown type names them.
@Suite("Backend registry")
struct BackendRegistryTests {
    func load(_ yaml: String) throws -> ConfigLoader.Loaded {
        let path = try Scratch.directory("registry").appendingPathComponent("app.yml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try ConfigLoader.load(explicitPath: path, environment: ["PATH": "/nonexistent"])
    }

    @Test func anUnknownTypeNamesTheRegisteredTypes() throws {
        #expect(BackendRegistry.types == ["bind", "nsd", "coredns_mysql", "powerdns", "knot"])
        do {
            _ = try load("dns:\n  backends:\n    mystery: {enabled: true}\n")
            Issue.record("accepted an unknown type")
        } catch let error as ConfigError {
            #expect(error.key == "dns.backends.mystery.type")
            #expect(error.reason == "unknown backend type 'mystery' (known: bind, nsd, coredns_mysql, powerdns, knot)", "\(error)")
        }
        let stanza = BackendStanza(name: "x", type: "mystery", enabled: true, settings: [:])
        #expect(throws: ConfigError(
            key: "dns.backends.x.type", reason: "unknown backend type 'mystery' (bind, nsd, coredns_mysql, powerdns and knot are available)"
        )) { try BackendRegistry.make(stanza, logger: Logger(label: "test")) }
    }

    /// A stanza that sets nothing but its type gets every key's default, as its type declares it.
    @Test func aBareStanzaGetsEachKeysDefault() throws {
        let config = try load("""
            dns:
              backends:
                b: {type: bind, enabled: true}
                n: {type: nsd, enabled: true}
                m: {type: coredns_mysql, enabled: true}
            """).config
        let stanzas = Dictionary(uniqueKeysWithValues: config.backends.map { ($0.name, $0) })
        for stanza in config.backends {
            let kind = try #require(BackendRegistry.kind(stanza.type))
            for key in kind.keys { #expect(stanza.optionalText(key) == key.defaultValue, "\(stanza.type).\(key.path)") }
        }
        let bind = BindBackendSettings(stanza: try #require(stanzas["b"]), searchPath: "/nonexistent")
        #expect(bind.zonesDirectory == "./data/zones" && bind.includeFile == "./data/named.conf.include")
        #expect(bind.commandTimeout == 30 && bind.rndcPort == nil && bind.rndcProgram == .notFound(name: "rndc", searchPath: "/nonexistent"))
        let nsd = NSDBackendSettings(stanza: try #require(stanzas["n"]))
        #expect(nsd.zonesDirectory == "./data/nsd/zones" && nsd.includeFile == nil && nsd.pattern == "dadns")
        #expect(nsd.controlPath == "/usr/sbin/nsd-control" && nsd.controlConfig == nil && nsd.commandTimeout == 30)
        let mysql = CoreDNSMySQLSettings(stanza: try #require(stanzas["m"]))
        #expect(mysql.connection.host == "127.0.0.1" && mysql.connection.port == 3306 && mysql.connection.database == "coredns")
        #expect(mysql.connection.username == "coredns" && mysql.connection.password == nil && mysql.poolSize == 4)
        #expect(mysql.zonesTable == "zones" && mysql.recordsTable == "records" && !mysql.connection.tls.enabled)
        #expect(mysql.connection.connectTimeout == 5 && mysql.connection.readTimeout == 30 && mysql.connection.writeTimeout == 30)
    }

    /// Every key a type declares is accepted in its stanza (no "unknown key" warning), printed by
    /// `check-config` with its description, and refused with a hint in a stanza of another type.
    @Test func eachTypeAcceptsAndPrintsItsOwnKeysOnly() throws {
        for kind in BackendRegistry.kinds {
            let loaded = try load("dns:\n  backends:\n    x:\n      type: \(kind.type)\n      enabled: true\n")
            let printed = ConfigPrinter.render(loaded.config)
            for key in kind.keys {
                #expect(printed.contains("      \(key.path): "), "\(kind.type).\(key.path)")
                #expect(printed.contains("  # " + (key.unused ? "[unused] " : "") + key.help + "\n"), "\(kind.type).\(key.path)")
            }
        }
        let misplaced = try load("dns:\n  backends:\n    x:\n      type: nsd\n      enabled: true\n      pool_size: 2\n")
        #expect(misplaced.warnings.contains {
            $0.contains("'dns.backends.x.pool_size'") && $0.contains("it belongs to coredns_mysql backends")
        }, "\(misplaced.warnings)")
    }

    /// What `serve` logs and the doctor probes comes from each type (no switch on the type
    /// outside Backends): every path a type hands the doctor is named by one of its own keys and
    /// set from that key, and a key left unset names no path.
    @Test func eachTypeNamesItsOwnPathsForTheDoctorAndServe() throws {
        let config = try load("""
            dns:
              backends:
                b: {type: bind, enabled: true, rndc_path: /usr/sbin/rndc, rndc_key_file: /k/rndc.key, zones_dir: /z/b}
                n: {type: nsd, enabled: true, nsd_conf: /n/zones.conf, nsd_control_config: /n/control.conf}
                bare: {type: nsd, enabled: true}
                m: {type: coredns_mysql, enabled: true, host: db.example, database: dns}
            """).config
        let stanzas = Dictionary(uniqueKeysWithValues: config.backends.map { ($0.name, $0) })
        func paths(_ name: String) throws -> [BackendPath] {
            let stanza = try #require(stanzas[name])
            let kind = try #require(BackendRegistry.kind(stanza.type))
            let paths = kind.paths(stanza)
            for path in paths {
                let key = try #require(kind.key(path.key), "\(name): \(path.key)")
                #expect(stanza.optionalText(key) == path.path, "\(name): \(path.key)")
            }
            return paths
        }
        #expect(try paths("b").map(\.key) == ["zones_dir", "named_conf", "rndc_key_file"])
        #expect(try paths("b").last?.use == .readFile(consequence: "rndc cannot authenticate, so named is not told of changes"))
        #expect(try paths("n").map(\.key) == ["zones_dir", "nsd_conf", "nsd_control_config"])
        #expect(try paths("bare").map(\.key) == ["zones_dir"])
        #expect(try paths("m").isEmpty)
        #expect(BackendKind.bind.location(try #require(stanzas["b"])).hasPrefix("zones in /z/b, include file /"))
        #expect(BackendKind.coreDNSMySQL.location(try #require(stanzas["m"])) == "coredns@db.example:3306/dns")
    }
}
