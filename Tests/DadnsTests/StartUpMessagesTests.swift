import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// What `dadns serve` says and does when it cannot start, and what it logs when it can; what
/// the operator commands say to a daemon that refuses them or that runs during `--offline`.
@Suite("Start-up and operator messages", .offThePool)
struct StartUpMessagesTests {
    /// `dadns serve` in `directory` until it exits or `until` holds for its log; then SIGTERM.
    func serve(in directory: URL, until: ((String) -> Bool)? = nil) throws -> (status: Int32, log: String) {
        let logPath = directory.appendingPathComponent("serve.log")
        _ = FileManager.default.createFile(atPath: logPath.path, contents: nil)
        let process = try SpawnedProcess(
            [TestBinaries.dadns(), "serve", "--config", "app.yml"], logFile: logPath.path,
            environment: ["PATH": "/usr/bin:/bin"], directory: directory.path)
        if let until {
            _ = DadnsProcess.waitFor(seconds: 20) { until((try? String(contentsOf: logPath, encoding: .utf8)) ?? "") || !process.isRunning }
            process.signal(SIGTERM)
        }
        let status = process.wait() ?? -1
        return (status, try String(contentsOf: logPath, encoding: .utf8))
    }

    func write(_ yaml: String, in directory: URL) throws {
        try yaml.write(to: directory.appendingPathComponent("app.yml"), atomically: true, encoding: .utf8)
    }

    @Test func aPortInUseIsOneLogLineNamingItAndExits78BeforeAnyFileIsCreated() throws {
        let (listener, port) = try LoopbackListener.open()
        defer { close(listener) }
        let directory = try Scratch.directory("port-in-use")
        try write("""
            \(try TestConfig.app(port: port))
            dns:
              backends:
                bind: {enabled: true}
            """, in: directory)
        let (status, log) = try serve(in: directory)
        #expect(status == 78, "\(log)")
        let critical = log.split(separator: "\n").filter { $0.contains(" critical ") }
        #expect(critical.count == 1, "\(log)")
        #expect(critical.first?.contains("cannot start: listen 127.0.0.1:\(port): already in use by another program") == true, "\(log)")
        #expect(critical.first?.contains("set app.listen_port") == true, "\(log)")
        #expect(!log.contains("Fatal error") && !log.contains("Error Domain") && !log.contains("NIOCore"), "\(log)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("data").path), "files created before exiting")
    }

    @Test func aZonesDirectoryThatCannotBeCreatedExits78WithTheFixAndNoStore() throws {
        let directory = try Scratch.directory("zones-dir")
        try "a file".write(to: directory.appendingPathComponent("blocker"), atomically: true, encoding: .utf8)
        try write("""
            app:
              listen_address: 127.0.0.1
              listen_port: \(try FreePort.find())
            dns:
              backends:
                bind:
                  enabled: true
                  zones_dir: blocker/zones
            """, in: directory)
        let (status, log) = try serve(in: directory)
        #expect(status == 78, "\(log)")
        #expect(log.contains(
            "cannot start: bind zones_dir \(directory.path)/blocker/zones: cannot be created: \(directory.path)/blocker is not a directory — move \(directory.path)/blocker out of the way, or set dns.backends.bind.zones_dir"),
            "\(log)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("data").path))
    }

    @Test func anErrorFoundAfterLoadingStillNamesTheLineOfItsKey() throws {
        let directory = try Scratch.directory("late-error")
        try "not a certificate".write(to: directory.appendingPathComponent("cert.pem"), atomically: true, encoding: .utf8)
        try "not a key".write(to: directory.appendingPathComponent("key.pem"), atomically: true, encoding: .utf8)
        try write("""
            \(try TestConfig.app())
              ssl_enable: true
              ssl_cert: cert.pem
              ssl_key: key.pem
            dns:
              backends:
                bind: {enabled: true}
            """, in: directory)
        let (status, log) = try serve(in: directory)
        #expect(status == 78, "\(log)")
        #expect(log.contains("configuration error: app.ssl_cert: cannot read certificate cert.pem"), "\(log)")
        #expect(log.contains("(line 6)\n"), "\(log)")
    }

    @Test func startUpLogsWhereTheStoreZonesAndIncludeFileAreAsAbsolutePaths() throws {
        let directory = try Scratch.directory("startup-paths")
        try write("""
            datastore:
              db_location: state/dadns.db
            \(try TestConfig.app())
            dns:
              backends:
                bind:
                  enabled: true
                  zones_dir: bind/zones
                  named_conf: bind/zones.include
                nsd:
                  enabled: true
                  zones_dir: nsd/zones
                  nsd_conf: nsd/zones.conf
                  nsd_control_path: /bin/true
            """, in: directory)
        let (status, log) = try serve(in: directory) { $0.contains("Server started") || $0.contains("listening") }
        #expect(status == 0, "\(log)")
        let root = directory.path
        #expect(log.contains("store: \(root)/state/dadns.db\n"), "\(log)")
        #expect(log.contains("backend bind (bind): zones in \(root)/bind/zones, include file \(root)/bind/zones.include\n"), "\(log)")
        #expect(log.contains("backend nsd (nsd): zones in \(root)/nsd/zones, include file \(root)/nsd/zones.conf\n"), "\(log)")
    }

    @Test func aRefusedLoginExits77AndSaysWhereThePasswordGoes() throws {
        let daemon = try DadnsProcess(backends: "bind:\n  enabled: true")
        defer {
            daemon.stop()
            daemon.removeFiles()
        }
        for command in [["status"], ["zones"], ["retry"]] {
            let (status, output, errors) = try ReadmeCommandTests().run(
                command + ["--config", daemon.configPath], in: try Scratch.directory("refused"),
                environment: ["DADNS_APP_AUTH_PASSWORD": "not-the-password"])
            #expect(status == 77, "\(command): \(output)\(errors)")
            #expect(errors.contains("refused the login (401) as 'directdnsonly'"), "\(errors)")
            #expect(errors.contains("set DADNS_APP_AUTH_PASSWORD to the daemon's app.auth_password, or pass --config pointing at the daemon's app.yml"),
                    "\(errors)")
            #expect(!errors.contains("not-the-password"))
        }
        // The right password: the daemon's own answer (ok).
        #expect(try daemon.cli(["status"]).status == 0)
    }

    @Test func anAddressBlockedForFailedLoginsExits77AndSaysWhy() throws {
        let daemon = try DadnsProcess(backends: "bind:\n  enabled: true")
        defer {
            daemon.stop()
            daemon.removeFiles()
        }
        for _ in 0..<10 { _ = try daemon.send("GET", "/status", user: "directdnsonly", password: "wrong") }
        // The right password too: the address is refused for a minute.
        let (status, output) = try daemon.cli(["status"])
        #expect(status == 77, "\(output)")
        #expect(output.contains("refuses this address for a minute after too many failed logins (429)"), "\(output)")
    }

    @Test func statusOfflineWhileTheDaemonRunsSaysSoAndPointsToTheOnlineForm() throws {
        let daemon = try DadnsProcess(backends: "bind:\n  enabled: true")
        defer { daemon.removeFiles() }
        let running = try daemon.cli(["status", "--offline"])
        #expect(running.output.contains("the daemon is running (pid \(daemon.process.pid))"), "\(running.output)")
        #expect(running.output.contains("run `dadns status` without --offline"), "\(running.output)")
        #expect(!running.output.contains("not running"), "\(running.output)")
        #expect(running.status == 0, "\(running.output)")
        #expect(daemon.stop() == 0)
        let stopped = try daemon.cli(["status", "--offline"])
        #expect(stopped.output.contains("the daemon is not running"), "\(stopped.output)")
        #expect(stopped.status == 2)
    }
}
