import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// The reference runs `rndc reload <zone>` with the `rndc` on PATH and has no `rndc_path`: its
/// own app.yml must run unchanged, and a machine without rndc must say so.
@Suite("rndc like the reference", .serialized, .offThePool)
struct ReferenceRndcTests {
    /// The reference project's `directdnsonly/config/app.yml` (`ConfigLoaderTests.bundledReferenceFile`),
    /// with only the paths, the password and the listen address and port changed for the test.
    static func referenceAppYml(directory: URL, port: Int, named: NamedServer) -> String {
        let data = directory.path + "/data"
        return ConfigLoaderTests.bundledReferenceFile
            .replacingOccurrences(of: "./data/queues", with: data + "/queues")
            .replacingOccurrences(of: "./data/directdnsonly.db", with: data + "/directdnsonly.db")
            .replacingOccurrences(of: "./data/zones", with: named.zonesDirectory)
            .replacingOccurrences(of: "./data/named.conf.include", with: named.includeFile)
            .replacingOccurrences(
                of: "  auth_password: changeme", with: "  listen_address: 127.0.0.1\n  listen_port: \(port)\n  auth_password: secret")
            + "\n"
    }

    /// A configuration with only the store, the listener and one bind stanza (YAML under `dns.backends`).
    static func config(directory: URL, port: Int, bindStanza: String) -> String {
        """
        datastore:
          db_location: \(directory.path)/data/dadns.db
        app:
          auth_password: secret
          listen_address: 127.0.0.1
          listen_port: \(port)
        dns:
          backends:
        \(bindStanza.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))

        """
    }

    /// An executable `rndc` in `directory` that records its arguments in `calls.log` and runs the
    /// real rndc against the test's named (whose named.conf includes the `named_conf` file).
    static func wrapperRndc(in directory: URL, for named: NamedServer) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("rndc")
        try """
            #!/bin/sh
            echo "$@" >> "\(directory.path)/calls.log"
            exec /usr/sbin/rndc -s 127.0.0.1 -p \(named.controlPort) -k "\(named.keyFile)" "$@"

            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return script
    }

    @Test func theReferenceAppYmlServesPushedZonesThroughTheRndcOnPath() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let bin = named.directory.appendingPathComponent("bin")
        let wrapper = try Self.wrapperRndc(in: bin, for: named)
        let daemon = try DadnsProcess(environment: ["PATH": "\(bin.path):/usr/local/bin:/usr/bin:/bin"]) { directory, port in
            let config = Self.referenceAppYml(directory: directory, port: port, named: named)
            #expect(!config.contains("./data") && !config.contains("changeme"), "a path or the password was not replaced: \(config)")
            return config
        }
        defer { daemon.stop(); daemon.removeFiles() }

        for (domain, address) in [("shop.example", "192.0.2.10"), ("blog.example", "192.0.2.20")] {
            let reply = try daemon.send(
                "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domain)&hostname=da1.example&username=bob&named_reload=yes",
                DirectAdminToNamedTests.zone(domain, serial: 1, address: address))
            #expect(reply.status == 200 && reply.body == "error=0", "\(reply.body)")
        }
        #expect(try named.waitFor { try named.query("www.blog.example", "A").answer == ["192.0.2.20"] }, "\(daemon.log())")
        #expect(try named.query("www.shop.example", "A").answer == ["192.0.2.10"])
        // A changed zone goes out as `rndc reload <zone>`, as the reference sends it.
        let update = try daemon.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=shop.example&hostname=da1.example&username=bob&named_reload=yes",
            DirectAdminToNamedTests.zone("shop.example", serial: 2, address: "192.0.2.11"))
        #expect(update.body == "error=0")
        #expect(try named.waitFor { try named.query("www.shop.example", "A").answer == ["192.0.2.11"] }, "\(daemon.log())")
        let calls = (try? String(contentsOf: bin.appendingPathComponent("calls.log"), encoding: .utf8)) ?? ""
        #expect(calls.contains("reconfig") && calls.contains("reload shop.example"), "the rndc on PATH was not run: \(calls)")

        let log = daemon.log()
        #expect(log.contains("bind: rndc \(wrapper.path) (found on PATH), with rndc's own defaults"), "\(log)")
        #expect(!log.contains("unknown configuration key") && !log.lowercased().contains("warning"), "a key of the reference file was warned about: \(log)")
        let health = try daemon.get("/health")
        #expect(health.status == 200 && health.body == "ok\n", "\(health.body)")
    }

    /// A stanza with the rndc options but no `rndc_path`: the system rndc found on PATH, with them.
    @Test func rndcOptionsWithoutRndcPathUseTheRndcOnPath() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let stanza = DadnsProcess.bindBackend(named).split(separator: "\n").filter { !$0.contains("rndc_path") }.joined(separator: "\n")
        let daemon = try DadnsProcess(environment: ["PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]) {
            Self.config(directory: $0, port: $1, bindStanza: stanza)
        }
        defer { daemon.stop(); daemon.removeFiles() }
        try OperatorViewTests.push(daemon, "opts.example", serial: 3)
        #expect(try named.waitFor { try OperatorViewTests.servesSerial(named, "opts.example", 3) }, "\(daemon.log())")
        #expect(daemon.log().contains(
            "bind: rndc /usr/sbin/rndc (found on PATH) -k \(named.keyFile) -s 127.0.0.1 -p \(named.controlPort)"), "\(daemon.log())")
    }

    @Test func withoutRndcOnPathTheDaemonRunsDegradedAndSaysWhatToSet() throws {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-nornd-\(UUID().uuidString.prefix(8))")
        let emptyBin = directory.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: emptyBin, withIntermediateDirectories: true)
        let daemon = try DadnsProcess(
            directory: directory, environment: ["PATH": emptyBin.path]
        ) { directory, port in
            Self.config(directory: directory, port: port, bindStanza: """
                bind:
                  type: bind
                  enabled: true
                  zones_dir: \(directory.path)/zones
                  named_conf: \(directory.path)/named.conf.include
                  rndc_server: 127.0.0.1
                  rndc_port: 953
                """)
        }
        defer { daemon.stop(); daemon.removeFiles() }

        let log = daemon.log()
        #expect(log.contains("warning") && log.contains("backend 'bind': no rndc found on PATH (\(emptyBin.path))"), "\(log)")
        let status = try daemon.status()
        #expect(status["status"] as? String == "degraded")
        let reasons = status["reasons"] as? [String] ?? []
        #expect(reasons.contains { $0.hasPrefix("bind: no rndc found on PATH") && $0.contains("set rndc_path") && $0.contains("reload: false") }, "\(reasons)")
        let health = try daemon.get("/health")
        #expect(health.status == 200 && health.body.hasPrefix("degraded: bind: no rndc found on PATH"), "\(health.body)")
        let cli = try daemon.cli(["status"])
        #expect(cli.status == 1 && cli.output.contains("no rndc found on PATH"), "\(cli.output)")
        // Zones are still written for a named that reads them at its next start.
        let reply = try daemon.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=shop.example&hostname=da1.example",
            DirectAdminToNamedTests.zone("shop.example", serial: 1, address: "192.0.2.10"))
        #expect(reply.body == "error=0")
        #expect(DadnsProcess.waitFor { FileManager.default.fileExists(atPath: directory.path + "/zones/shop.example.db") })
    }
}
