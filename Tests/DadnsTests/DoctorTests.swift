import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// `dadns doctor` and `check-config`'s checks: against real named and MariaDB on loopback, and
/// against paths this user cannot use. The doctor creates and changes nothing.
@Suite("dadns doctor", .offThePool)
struct DoctorTests {
    /// Runs dadns in `directory`; exit status, standard output, standard error.
    func dadns(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> (Int32, String, String) {
        try ReadmeCommandTests().run(arguments, in: directory, environment: environment)
    }

    /// Every path under `directory` (but the captured output files), to prove nothing was created.
    func tree(_ directory: URL) -> [String] {
        let paths = FileManager.default.enumerator(atPath: directory.path)?.compactMap { $0 as? String } ?? []
        return paths.filter { $0 != "out.txt" && $0 != "err.txt" }.sorted()
    }

    @Test func pathsThatCannotBeUsedAreErrorsThatSayWhatToChangeAndNothingIsCreated() throws {
        let directory = try Scratch.directory("doctor-paths")
        let blocker = directory.appendingPathComponent("blocker").path
        try "not a directory".write(toFile: blocker, atomically: true, encoding: .utf8)
        let port = try FreePort.find()
        try """
            datastore:
              db_location: \(blocker)/store/dadns.db
            app:
              listen_address: 127.0.0.1
              listen_port: \(port)
            dns:
              backends:
                bind:
                  enabled: true
                  zones_dir: zones
                  named_conf: \(blocker)/named.conf.include
                  rndc_path: /usr/sbin/rndc
                  rndc_key_file: \(directory.path)/missing.key
                  zones_dri: typo
            """.write(to: directory.appendingPathComponent("app.yml"), atomically: true, encoding: .utf8)
        let before = tree(directory)
        let (status, output, errors) = try dadns(["doctor", "--config", "app.yml"], in: directory)
        #expect(status == 78, "\(output)\(errors)")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.contains(
            "error    store \(blocker)/store/dadns.db: cannot be created: \(blocker) is not a directory — fix: move \(blocker) out of the way, or set datastore.db_location to another path"),
            "\(output)")
        #expect(lines.contains("ok       bind zones_dir \(directory.path)/zones: writable"), "\(output)")
        #expect(lines.contains(
            "error    bind named_conf \(blocker)/named.conf.include: \(blocker) is not a directory — fix: move \(blocker) out of the way, or set dns.backends.bind.named_conf to another path"),
            "\(output)")
        #expect(lines.contains(
            "error    bind rndc_key_file \(directory.path)/missing.key: does not exist: rndc cannot authenticate, so named is not told of changes — fix: create \(directory.path)/missing.key, or set dns.backends.bind.rndc_key_file to the file that exists"),
            "\(output)")
        #expect(lines.contains("ok       listen 127.0.0.1:\(port): free"), "\(output)")
        #expect(lines.contains { $0.hasPrefix("warning  app.auth_password: not set") && $0.contains("DADNS_APP_AUTH_PASSWORD") }, "\(output)")
        #expect(lines.contains {
            $0.hasPrefix("error    bind rndc status: `/usr/sbin/rndc -k \(directory.path)/missing.key status` failed")
                && $0.hasSuffix("— fix: check that named runs and that rndc_server, rndc_port and rndc_key_file match named.conf's controls")
        }, "\(output)")
        #expect(lines.contains("ok       store durability: synchronous=FULL — every acknowledged push is on disk before DirectAdmin's reply"), "\(output)")
        #expect(lines.last == "3 ok, 1 warning(s), 4 error(s) (2 would stop `dadns serve`)", "\(output)")
        #expect(tree(directory) == before, "the doctor created files")

        // The same as JSON, and check-config runs the same checks after the configuration.
        let (jsonStatus, json, _) = try dadns(["doctor", "--json", "--config", "app.yml"], in: directory)
        #expect(jsonStatus == 78)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(document["exitStatus"] as? Int == 78)
        #expect((document["configurationWarnings"] as? [String])?.contains { $0.contains("did you mean `zones_dir`?") } == true, "\(json)")
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(findings.filter { $0["level"] as? String == "error" && $0["stopsStartUp"] as? Bool == true }.count == 2)
        let (checkStatus, checkOutput, _) = try dadns(["check-config", "--config", "app.yml"], in: directory)
        #expect(checkStatus == 78)
        #expect(checkOutput.contains("# checks (dadns doctor):\n"), "\(checkOutput)")
        #expect(checkOutput.contains("#   error    store \(blocker)/store/dadns.db: cannot be created"), "\(checkOutput)")
        #expect(tree(directory) == before)
    }

    /// Reloads off on purpose need no rndc and no key; no rndc on PATH is a warning with the fix.
    @Test func rndcThatIsOffOnPurposeIsFineAndRndcMissingFromPathIsAWarning() throws {
        let directory = try Scratch.directory("doctor-rndc")
        func config(_ bind: String) throws {
            try Self.writeConfig(backends: ["""
                bind:
                  enabled: true
                  zones_dir: \(directory.path)/zones
                  named_conf: \(directory.path)/named.conf.include
                  rndc_key_file: \(directory.path)/missing.key
                \(bind.dropFirst(4))
                """], in: directory)
        }
        try config("      reload: false")
        let (offStatus, off, _) = try dadns(["doctor", "--config", "app.yml"], in: directory, environment: ["DADNS_APP_AUTH_PASSWORD": "pw"])
        #expect(offStatus == 0, "\(off)")
        #expect(off.contains("ok       bind rndc status: not run: reloads are skipped (reload: false)"), "\(off)")
        #expect(!off.contains("missing.key"), "the key of an rndc that never runs was checked: \(off)")

        // The test's PATH is /usr/bin:/bin, and rndc lives in /usr/sbin.
        try config("")
        let (status, output, _) = try dadns(["doctor", "--config", "app.yml"], in: directory, environment: ["DADNS_APP_AUTH_PASSWORD": "pw"])
        #expect(status == 0, "\(output)")
        #expect(output.contains(
            "warning  bind rndc status: no rndc found on PATH: zone files are written but named is not told to load them — fix: install rndc (Debian: bind9-utils) or set dns.backends.bind.rndc_path; reload: false to write files only"),
            "\(output)")
    }

    @Test func rndcNSDControlAndMariaDBAreAskedAndEachFailureSaysWhatToCheck() async throws {
        let named = try NamedServer()
        defer { named.stop() }
        let mariaDB = try MariaDBServer()
        defer { mariaDB.stop() }
        let nsd = try NSDServer()
        defer { nsd.stop() }
        let directory = try Scratch.directory("doctor-servers")
        let closedPort = try FreePort.find()
        let stanzas = [
            DadnsProcess.bindBackend(named),
            DadnsProcess.bindBackend(named, rndcPort: closedPort).replacingOccurrences(of: "bind:", with: "bind_down:\n  type: bind"),
            DadnsProcess.nsdBackend(nsd),
            DadnsProcess.corednsBackend(mariaDB),
            DadnsProcess.corednsBackend(mariaDB, name: "coredns_wrong").replacingOccurrences(of: mariaDB.password, with: "wrong-password"),
        ]
        try Self.writeConfig(backends: stanzas, in: directory)
        let (status, output, errors) = try dadns(["doctor", "--config", "app.yml"], in: directory)
        let lines = output.split(separator: "\n").map(String.init)
        // Errors that stop a backend, not start-up: 1.
        #expect(status == 1, "\(output)\(errors)")
        #expect(lines.contains { $0.hasPrefix("ok       bind rndc status: answers (/usr/sbin/rndc -k \(named.keyFile)") }, "\(output)")
        #expect(lines.contains {
            $0.hasPrefix("error    bind_down rndc status: `/usr/sbin/rndc -k \(named.keyFile) -s 127.0.0.1 -p \(closedPort) status` failed: exit 1")
                && $0.contains("connection refused")
                && $0.hasSuffix("— fix: check that named runs and that rndc_server, rndc_port and rndc_key_file match named.conf's controls")
        }, "\(output)")
        #expect(lines.contains("ok       nsd nsd_control_config \(nsd.configFile): readable"), "\(output)")
        #expect(lines.contains("ok       nsd nsd-control status: answers (\(NSDServer.controlPath) -c \(nsd.configFile) status)"), "\(output)")
        #expect(lines.contains("ok       nsd nsd_conf \(nsd.includeFile): writable"), "\(output)")
        let login = "coredns_dc1 MariaDB \(mariaDB.username)@127.0.0.1:\(mariaDB.port)/\(mariaDB.database)"
        #expect(lines.contains("ok       \(login): login accepted"), "\(output)")
        // A fresh database: the backend creates the tables at start; the doctor only says so.
        #expect(lines.contains { $0.hasPrefix("warning  \(login) table zones: missing: the backend creates it at start") }, "\(output)")
        #expect(lines.contains { $0.hasPrefix("error    coredns_wrong MariaDB") && $0.contains("cannot log in") && $0.contains("Access denied")
            && $0.contains("password (DADNS_DNS_BACKENDS_COREDNS_WRONG_PASSWORD)") }, "\(output)")
        #expect(!output.contains("wrong-password") && !output.contains(mariaDB.password), "a password reached the output")
        #expect(try mariaDB.sql("SHOW TABLES").isEmpty, "the doctor created tables")

        // With the schema in place (as the backend leaves it), the tables and managed_by are ok.
        _ = try mariaDB.sql("""
            CREATE TABLE zones (id INT PRIMARY KEY AUTO_INCREMENT, zone_name VARCHAR(255), managed_by VARCHAR(64));
            CREATE TABLE records (id INT PRIMARY KEY AUTO_INCREMENT, zone_id INT)
            """)
        let (_, again, _) = try dadns(["doctor", "--config", "app.yml"], in: directory)
        #expect(again.contains("ok       \(login) table zones: present\n"), "\(again)")
        #expect(again.contains("ok       \(login) table records: present\n"), "\(again)")
        #expect(again.contains("ok       \(login) zones.managed_by: present\n"), "\(again)")
    }

    @Test func tlsFilesAndReadOnlyPathsAreErrorsEvenForRoot() throws {
        let directory = try Scratch.directory("doctor-tls")
        let locked = directory.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        let readOnly = try ReadOnlyDirectory(locked.path)
        defer { try? readOnly.restore() }
        try """
            datastore:
              db_location: \(locked.path)/dadns.db
            \(try TestConfig.app())
              ssl_enable: true
              ssl_cert: \(directory.path)/missing-cert.pem
            dns:
              backends:
                bind: {enabled: true, zones_dir: \(directory.path)/zones, named_conf: \(directory.path)/zones.include}
            """.write(to: directory.appendingPathComponent("app.yml"), atomically: true, encoding: .utf8)
        let (status, output, errors) = try dadns(["doctor", "--config", "app.yml"], in: directory)
        #expect(status == 78, "\(output)\(errors)")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.contains {
            $0.hasPrefix("error    store \(locked.path)/dadns.db: not writable by this user (")
                && $0.hasSuffix("— fix: give user \(NSUserName()) access to \(locked.path) (chown/chmod, or a group such as bind), or set datastore.db_location"
                    + (readOnly.mechanism == .readOnlyBindMount ? " (with systemd: ReadWritePaths=)" : ""))
        }, "\(readOnly.mechanism): \(output)")
        #expect(lines.contains(
            "error    app.ssl_cert \(directory.path)/missing-cert.pem: does not exist — fix: create \(directory.path)/missing-cert.pem, or set app.ssl_cert to the file that exists"),
            "\(output)")
        #expect(lines.contains(
            "error    app.ssl_key: not set while app.ssl_enable is true — fix: set app.ssl_key to a PEM file, or app.ssl_enable: false"),
            "\(output)")
        // serve stops on the same problems, before creating anything.
        let (serveStatus, _, serveLog) = try dadns(["serve", "--config", "app.yml"], in: directory)
        #expect(serveStatus == 78, "\(serveLog)")
        #expect(serveLog.contains("cannot start: store \(locked.path)/dadns.db: not writable by this user"), "\(serveLog)")
        #expect(serveLog.contains("cannot start: app.ssl_key: not set while app.ssl_enable is true"), "\(serveLog)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("zones").path))
    }

    @Test func aStoreLockFileThisUserCannotWriteStopsStartUpWith78Not75() throws {
        let directory = try Scratch.directory("doctor-lock")
        let lock = directory.appendingPathComponent("dadns.db.lock").path
        _ = FileManager.default.createFile(atPath: lock, contents: nil)
        // Immutable: refused to root as well (mode bits would not be).
        let immutable = try SystemTool.run("/usr/bin/chattr", ["+i", lock])
        try #require(immutable.status == 0, "chattr +i: \(immutable.output)")
        defer { _ = try? SystemTool.run("/usr/bin/chattr", ["-i", lock]) }
        try """
            datastore:
              db_location: dadns.db
            \(try TestConfig.app())
            dns:
              backends:
                bind: {enabled: true, zones_dir: zones, named_conf: zones.include}
            """.write(to: directory.appendingPathComponent("app.yml"), atomically: true, encoding: .utf8)
        let (status, output, _) = try dadns(["doctor", "--config", "app.yml"], in: directory)
        #expect(status == 78, "\(output)")
        #expect(output.contains(
            "error    store \(directory.path)/dadns.db: not readable and writable by this user (Operation not permitted) — fix: give user \(NSUserName()) access to \(lock)"),
            "\(output)")
        let (serveStatus, _, serveLog) = try dadns(["serve", "--config", "app.yml"], in: directory)
        #expect(serveStatus == 78, "\(serveLog)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("dadns.db").path))
    }
}
