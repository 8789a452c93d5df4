import DadnsTestKit
import Foundation

/// One `dadns serve` a benchmark starts: its configuration (DirectAdmin credentials, one backend
/// — bind on a test named unless given —, the given store) written into its own directory, the daemon started
/// and answering `/health`.
struct BenchNode {
    let daemon: SpawnedProcess
    let port: Int
    let password: String
    let log: String

    /// Writes `directory/app.yml` and starts `executable serve` on it; `datastore` is the whole
    /// `datastore:` section, `app` more keys of the `app:` section, `dns` more keys of `dns:`;
    /// `backend`, when given, the one backend stanza (flow YAML) instead of bind on `named`.
    init(executable: String, directory: String, named: NamedServer?, datastore: String, app: String = "",
         dns: String = "", backend: String? = nil, logLevel: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        port = try FreePort.find()
        password = "bench-\(UInt32.random(in: 0...UInt32.max))"
        log = directory + "/dadns.log"
        try BenchFiles.write("""
            log_level: \(logLevel)
            \(datastore)\
            app: {auth_username: directdnsonly, auth_password: \(password), listen_address: 127.0.0.1, listen_port: \(port)\(app.isEmpty ? "" : ", " + app)}
            dns:
            \(dns)
              backends:
                \(backend ?? named.map(Self.bindStanza(directory: directory)) ?? "")

            """, to: directory + "/app.yml")
        daemon = try SpawnedProcess(server: [executable, "serve", "--config", directory + "/app.yml"], logFile: log)
        try waitForHealth()
    }

    /// The bind stanza (flow YAML) for `named`, zone files under `directory`/zones.
    static func bindStanza(directory: String) -> (NamedServer) -> String {
        { named in
            "bind: {enabled: true, zones_dir: \(directory)/zones, named_conf: \(named.includeFile), rndc_path: /usr/sbin/rndc, "
                + "rndc_server: 127.0.0.1, rndc_port: \(named.controlPort), rndc_key_file: \(named.keyFile)}"
        }
    }

    /// A DirectAdmin client of this node (a new connection per request unless `keepAlive`).
    func client(keepAlive: Bool = false) -> PushClient {
        PushClient(port: port, username: "directdnsonly", password: password, keepAlive: keepAlive)
    }

    private func waitForHealth() throws {
        let deadline = Clock.now() + 30
        while Clock.now() < deadline {
            if !daemon.isRunning { throw BenchError("dadns exited; see \(log)") }
            let client = PushClient(port: port, username: "", password: "", keepAlive: false)
            if let reply = try? client.send(method: "GET", target: "/health", body: []), reply.status == 200 { return }
            usleep(50_000)
        }
        throw BenchError("dadns did not answer /health; see \(log)")
    }
}
