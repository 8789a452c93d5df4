import ArgumentParser
import DadnsTestKit
import Foundation

/// Which store a benchmark's daemons run on: the node's own SQLite file, or a MariaDB server the
/// benchmark starts on loopback (default durability: every commit flushed), shared by its nodes.
enum BenchStoreKind: String, ExpressibleByArgument, CaseIterable {
    case sqlite
    case mysql
}

/// The `datastore:` section of one benchmark node.
enum BenchStore {
    /// `datastore:` YAML for a node whose files live under `directory`: SQLite there, or
    /// `type: mysql` on `server` (nil keys: the daemon's defaults).
    static func yaml(directory: String, server: MariaDBServer?, poolSize: Int? = nil, pollMilliseconds: Int? = nil) -> String {
        guard let server else { return "datastore: {db_location: \(directory)/data/dadns.db}\n" }
        var keys = [
            "type: mysql", "host: 127.0.0.1", "port: \(server.port)", "name: \(server.database)",
            "user: \(server.username)", "pass: \(server.password)",
        ]
        if let poolSize { keys.append("pool_size: \(poolSize)") }
        if let pollMilliseconds { keys.append("poll_interval_ms: \(pollMilliseconds)") }
        return "datastore: {\(keys.joined(separator: ", "))}\n"
    }

    /// The pid of `server`'s mariadbd (from its pid file).
    static func pid(of server: MariaDBServer) -> pid_t? {
        let pidFile = server.directory.appendingPathComponent("pid").path
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8) else { return nil }
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The peak RSS of `server`'s mariadbd, in bytes; 0 when unknown.
    static func peakRSS(of server: MariaDBServer) -> Int { pid(of: server).map { ProcessMemory.peakRSS(of: $0) } ?? 0 }

    /// The CPU seconds `server`'s mariadbd has used; 0 when unknown.
    static func cpuSeconds(of server: MariaDBServer) -> Double { pid(of: server).map(ProcessCost.cpuSeconds(of:)) ?? 0 }
}
