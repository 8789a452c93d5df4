import Foundation
import DadnsTestKit

/// `dadns serve` as a child process with a configuration written for the test, and the HTTP
/// calls tests make to it (DirectAdmin-shaped pushes, the operator API).
final class DadnsProcess {
    /// The running `dadns serve`.
    let process: SpawnedProcess
    let port: Int
    let directory: URL
    let configPath: String
    let logPath: String

    /// Starts the daemon; `backends` is the YAML under `dns.backends`, `app`, `dns` and `datastore` more keys
    /// under those sections, `extra` more top-level YAML. The same `directory` again restarts on the same store;
    /// `port` fixes the listening port (peers configured with this node's URL before it starts).
    convenience init(
        directory existing: URL? = nil, port fixedPort: Int? = nil, backends: String, app: String = "", dns: String = "",
        datastore: String = "", extra: String = ""
    ) throws {
        try self.init(directory: existing, port: fixedPort) { directory, port in
            """
            log_level: DEBUG
            datastore:
              db_location: \(directory.path)/data/dadns.db
            \(datastore.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            app:
              auth_username: directdnsonly
              auth_password: secret
              listen_address: 127.0.0.1
              listen_port: \(port)
            \(app.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            \(extra)
            dns:
            \(dns.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
              backends:
            \(backends.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))

            """
        }
    }

    /// Starts the daemon on the configuration `config` writes for the test's directory and port
    /// (it must listen on 127.0.0.1 at that port with user directdnsonly, password secret), with
    /// `environment` as the daemon's whole environment (nil: this process's). Waits for /health
    /// synchronously: suites that start daemons run `.offThePool`.
    init(
        directory existing: URL? = nil, port fixedPort: Int? = nil, environment: [String: String]? = nil,
        config: (_ directory: URL, _ port: Int) throws -> String
    ) throws {
        directory = existing ?? URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-t-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = try fixedPort ?? FreePort.find()
        configPath = directory.appendingPathComponent("app.yml").path
        logPath = directory.appendingPathComponent("serve.log").path
        try config(directory, port).write(toFile: configPath, atomically: true, encoding: .utf8)
        process = try SpawnedProcess(
            [TestBinaries.dadns(), "serve", "--config", configPath], logFile: logPath, environment: environment)
        for _ in 0..<150 {
            if (try? get("/health"))?.status != nil { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw NamedServer.Failure("dadns did not start: \(log())")
    }

    /// `datastore:` keys for a mysql store on `server` (its test database and user).
    static func sharedStore(_ server: MariaDBServer, pollMilliseconds: Int = 100) -> String {
        """
        type: mysql
        host: 127.0.0.1
        port: \(server.port)
        name: \(server.database)
        user: \(server.username)
        pass: \(server.password)
        poll_interval_ms: \(pollMilliseconds)
        """
    }

    /// A bind backend stanza for a test named (`rndcPort` overrides the control port).
    static func bindBackend(_ named: NamedServer, rndcPort: Int? = nil) -> String {
        """
        bind:
          enabled: true
          zones_dir: \(named.zonesDirectory)
          named_conf: \(named.includeFile)
          rndc_path: /usr/sbin/rndc
          rndc_server: 127.0.0.1
          rndc_port: \(rndcPort ?? named.controlPort)
          rndc_key_file: \(named.keyFile)
        """
    }

    /// An `nsd` backend stanza for a test NSD (with its include file, as the reference lays it out).
    static func nsdBackend(_ nsd: NSDServer) -> String {
        """
        nsd:
          type: nsd
          enabled: true
          zones_dir: \(nsd.zonesDirectory)
          nsd_conf: \(nsd.includeFile)
          nsd_control_path: \(NSDServer.controlPath)
          nsd_control_config: \(nsd.configFile)
          pattern: dadns
          command_timeout: 20
        """
    }

    /// A `coredns_mysql` backend stanza named `name` for a test MariaDB.
    static func corednsBackend(_ server: MariaDBServer, name: String = "coredns_dc1", connectTimeout: Int = 2) -> String {
        """
        \(name):
          type: coredns_mysql
          enabled: true
          host: 127.0.0.1
          port: \(server.port)
          database: \(server.database)
          username: \(server.username)
          password: \(server.password)
          pool_size: 2
          connect_timeout: \(connectTimeout)
        """
    }

    func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// A DirectAdmin-shaped request (HTTP/1.0, raw body); `timeout` seconds for the answer.
    func send(_ method: String, _ target: String, _ body: String, timeout: Int = 10) throws -> RawHTTPClient.Reply {
        try RawHTTPClient.send(port: port, request: RawHTTPClient.directAdminRequest(
            method: method, target: target, user: "directdnsonly", password: "secret", body: body), timeout: timeout)
    }

    func get(_ target: String) throws -> RawHTTPClient.Reply { try send("GET", target, "") }

    /// A request with other credentials than DirectAdmin's (peer credentials, wrong ones).
    func send(_ method: String, _ target: String, _ body: String = "", user: String, password: String) throws -> RawHTTPClient.Reply {
        try RawHTTPClient.send(port: port, request: RawHTTPClient.directAdminRequest(
            method: method, target: target, user: user, password: password, body: body))
    }

    /// `/status` decoded as JSON.
    func status() throws -> [String: Any] {
        let reply = try get("/status")
        guard reply.status == 200, let object = try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any]
        else { throw NamedServer.Failure("/status: \(reply.status) \(reply.body)") }
        return object
    }

    /// The status section of one backend.
    func backendStatus(_ name: String) throws -> [String: Any] {
        let backends = try status()["backends"] as? [[String: Any]] ?? []
        guard let backend = backends.first(where: { $0["name"] as? String == name }) else {
            throw NamedServer.Failure("no backend \(name) in /status")
        }
        return backend
    }

    /// Runs a `dadns` command against this daemon's configuration; returns exit status and output.
    func cli(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try ProgramRun.output([TestBinaries.dadns()] + arguments + ["--config", configPath])
    }

    /// `cli` for async tests: the task sleeps while the command runs.
    func cli(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await ProgramRun.output([TestBinaries.dadns()] + arguments + ["--config", configPath])
    }

    /// SIGTERM and wait; the exit status.
    @discardableResult
    func stop() -> Int32 {
        process.signal(SIGTERM)
        return process.wait() ?? -1
    }

    /// SIGKILL: no chance to finish anything.
    func crash() {
        process.kill()
    }

    func removeFiles() { try? FileManager.default.removeItem(at: directory) }

    /// Polls `check` every 50 ms for up to `seconds`.
    static func waitFor(seconds: Double = 15, _ check: () throws -> Bool) rethrows -> Bool {
        try Dig.waitFor(seconds: seconds, check)
    }

    /// `waitFor` for async tests: the task sleeps between looks.
    static func waitFor(seconds: Double = 15, _ check: () throws -> Bool) async rethrows -> Bool {
        try await Dig.waitFor(seconds: seconds, check)
    }
}

extension SpawnedProcess {
    /// The pid under the name Foundation's `Process` gave it, for tests written against
    /// `DadnsProcess.process` when that was a `Process`.
    var processIdentifier: pid_t { pid }
}
