import DadnsTestKit
import Foundation

/// The `dadns serve` of `dadns-bench scale`: a seeded store, one bind backend writing files only
/// (`reload: false`), healing on but not before a day (the benchmark asks for its pass), peer sync off,
/// the peers' endpoints open to `peers` credentials.
struct ScaleNode {
    let daemon: SpawnedProcess
    let port: Int
    let password: String
    let peerPassword = "bench-peer"
    let config: String
    /// Seconds from spawning the daemon until `/status` answered 200.
    let startUp: Double

    init(executable: String, directory: String, seeder: BenchSeeder) throws {
        port = try FreePort.find()
        password = "bench-\(UInt32.random(in: 0...UInt32.max))"
        config = directory + "/app.yml"
        try BenchFiles.write("""
            log_level: warning
            datastore: {db_location: \(seeder.storePath)}
            app: {auth_username: directdnsonly, auth_password: \(password), listen_address: 127.0.0.1, listen_port: \(port)}
            healing: {enabled: true, interval_minutes: 1440, initial_delay_minutes: 1440}
            peer_sync: {enabled: false, auth_username: peers, auth_password: \(peerPassword)}
            dns:
              backends:
                bind: {enabled: true, zones_dir: \(seeder.zonesDirectory), named_conf: \(seeder.includeFile), reload: false}

            """, to: config)
        let log = directory + "/dadns.log"
        let started = Clock.now()
        daemon = try SpawnedProcess(server: [executable, "serve", "--config", config], logFile: log)
        let probe = PushClient(port: port, username: "directdnsonly", password: password, keepAlive: false)
        while true {
            if !daemon.isRunning { throw BenchError("dadns exited; see \(log)") }
            if let reply = try? probe.send(method: "GET", target: "/status", body: []), reply.status == 200 { break }
            if Clock.now() - started > 120 { throw BenchError("dadns did not answer /status within 120 s; see \(log)") }
            usleep(10_000)
        }
        startUp = Clock.now() - started
    }

    /// An operator (or DirectAdmin) client, a new connection per request.
    func client() -> PushClient { PushClient(port: port, username: "directdnsonly", password: password, keepAlive: false) }

    /// A peer's client of `/internal`.
    func peerClient() -> PushClient { PushClient(port: port, username: "peers", password: peerPassword, keepAlive: false) }
}
