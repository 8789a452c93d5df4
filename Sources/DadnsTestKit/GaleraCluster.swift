import Foundation

/// A Galera cluster of real MariaDB nodes on loopback for one test (Debian's `galera-4` and
/// `mariadb-server`, state transfers with `rsync`). Node 0 is initialized with
/// `mariadb-install-db`, bootstraps the cluster (`--wsrep-new-cluster`) and gets the test
/// database and user; the others start on empty data directories and join it with a full state
/// transfer (SST, rsync) from it. `kill(_:)` SIGKILLs a node, as a crash would, and `start(_:)`
/// brings it back: it rejoins with an incremental state transfer (IST) from the gcache of a
/// node that stayed up. `destroy()` stops every node and removes the cluster's directory.
///
/// As root, the nodes run as the `mysql` user (`setpriv --reuid`): the rsync SST's joiner side is
/// an rsync daemon, which as root drops to `nobody` and then cannot enter a root-owned data
/// directory ("cannot stat destination … Permission denied"). See docs/testing.md, Galera.
public final class GaleraCluster: @unchecked Sendable {
    public let directory: URL
    public let nodes: [GaleraNode]
    public let database = "dadns"
    public let username = "dadns"
    public let password: String
    /// Seconds from the first `mariadbd` to every node synced in a cluster of `nodes.count`.
    public private(set) var startSeconds = 0.0
    /// How many times a node that exited while starting was launched again.
    public var relaunches: Int { lock.withLock { relaunchCount } }

    private let lock = NSLock()
    private var processes: [SpawnedProcess?]
    private var relaunchCount = 0

    static let provider = "/usr/lib/galera/libgalera_smm.so"
    static let rsync = "/usr/bin/rsync"
    static let sstScript = "/usr/bin/wsrep_sst_rsync"

    /// Sets up and starts `size` nodes and waits until every one is synced in one cluster;
    /// fails with a clear message when Galera or rsync is not installed.
    public init(size: Int = 3) throws {
        guard size >= 1 else { throw NamedServer.Failure("a Galera cluster has at least one node") }
        for (file, package) in [(Self.provider, "galera-4"), (Self.rsync, "rsync"), (Self.sstScript, "mariadb-server")]
        where !FileManager.default.fileExists(atPath: file) {
            throw NamedServer.Failure("\(file) is missing: install \(package) (apt-get install galera-4 rsync mariadb-server)")
        }
        password = "pw-\(UUID().uuidString.prefix(12))"
        directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-galera-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var nodes: [GaleraNode] = []
        do {
            for index in 0..<size {
                nodes.append(try GaleraNode(index: index, directory: directory.appendingPathComponent("n\(index)")))
            }
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        self.nodes = nodes
        processes = Array(repeating: nil, count: size)
        let started = Date()
        do {
            try nodes[0].initialize()
            try start(0, bootstrap: true)
            try sql(0, """
                CREATE DATABASE \(database) CHARACTER SET utf8mb4;
                CREATE USER '\(username)'@'127.0.0.1' IDENTIFIED BY '\(password)';
                CREATE USER '\(username)'@'localhost' IDENTIFIED BY '\(password)';
                GRANT ALL ON \(database).* TO '\(username)'@'127.0.0.1';
                GRANT ALL ON \(database).* TO '\(username)'@'localhost';
                """)
            // Joiners take their state transfers from node 0 one after the other; started
            // together, the second waits for the first's.
            for index in 1..<size { try launch(index, bootstrap: false) }
            for index in 1..<size { try waitUntilSynced(index, bootstrap: false) }
            try waitUntilClusterSize(size, on: Array(0..<size))
        } catch {
            destroy()
            throw error
        }
        startSeconds = Date().timeIntervalSince(started)
    }

    /// Starts node `index` (again, after `kill(_:)`) and waits until it is synced with the
    /// cluster; the seconds that took.
    @discardableResult
    public func start(_ index: Int, bootstrap: Bool = false) throws -> Double {
        let started = Date()
        try launch(index, bootstrap: bootstrap)
        try waitUntilSynced(index, bootstrap: bootstrap)
        return Date().timeIntervalSince(started)
    }

    /// SIGKILLs node `index`, as a crash would; returns once it is gone.
    public func kill(_ index: Int) {
        let process = lock.withLock {
            defer { processes[index] = nil }
            return processes[index]
        }
        process?.kill()
    }

    /// Whether node `index`'s `mariadbd` runs.
    public func isRunning(_ index: Int) -> Bool {
        lock.withLock { processes[index] }?.isRunning ?? false
    }

    /// Stops every node (a clean shutdown, SIGKILL after 20 s) and removes the cluster's directory.
    public func destroy() {
        let running = lock.withLock {
            defer { processes = processes.map { _ in nil } }
            return processes
        }
        for (index, process) in running.enumerated() {
            guard let process, process.isRunning else { continue }
            _ = try? ProgramRun.status([MariaDBServer.admin, "--no-defaults", "--socket=\(nodes[index].socket)", "-uroot", "shutdown"])
            if process.wait(timeout: 20) == nil { process.kill() }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// What is left of the cluster: its directory if it still exists, and every process whose
    /// command line names it (a node, a state transfer script, its rsync daemon). Empty after
    /// `destroy()`.
    public func leftovers() -> [String] {
        var found: [String] = []
        if FileManager.default.fileExists(atPath: directory.path) { found.append(directory.path) }
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for pid in processes where Int32(pid) != nil {
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { continue }
            let command = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            if command.contains(directory.path) { found.append("pid \(pid): \(command.prefix(200))") }
        }
        return found
    }

    /// Galera status variables of node `index` (`SHOW STATUS LIKE 'wsrep%'`).
    public func wsrepStatus(_ index: Int) throws -> [String: String] {
        var status: [String: String] = [:]
        for row in try sql(index, "SHOW STATUS LIKE 'wsrep%'") {
            let fields = row.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            if fields.count == 2 { status[fields[0]] = fields[1] }
        }
        return status
    }

    /// Certification failures and brute-force aborts on node `index`: the conflicts its clients
    /// were told about (error 1213) and had to retry.
    public func conflicts(_ index: Int) throws -> Int {
        let status = try wsrepStatus(index)
        return (Int(status["wsrep_local_cert_failures"] ?? "") ?? 0) + (Int(status["wsrep_local_bf_aborts"] ?? "") ?? 0)
    }

    /// Waits until every running node has applied the same last transaction (so a read on any
    /// of them sees every commit made before the call). Blocks between looks, like the cluster's
    /// start-up: for synchronous callers and tests running `.offThePool`.
    public func waitUntilApplied(seconds: Double = 30) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let running = nodes.indices.filter(isRunning)
            let committed = Set(running.map { (try? wsrepStatus($0))?["wsrep_last_committed"] ?? "?" })
            if committed.count == 1, !committed.contains("?") { return }
            guard Date() < deadline else { throw NamedServer.Failure("Galera nodes \(running) did not converge: \(committed)") }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// Waits until each of `indices` sees a primary component of `size` nodes (a killed node
    /// leaves the others' view once they suspect it, after `evs.suspect_timeout`).
    public func waitUntilClusterSize(_ size: Int, on indices: [Int], seconds: Double = 60) throws {
        let deadline = Date().addingTimeInterval(seconds)
        for index in indices {
            while (try? wsrepStatus(index))?["wsrep_cluster_size"] != String(size) {
                guard Date() < deadline else {
                    throw NamedServer.Failure("Galera node \(index) does not see \(size) nodes: \(nodes[index].logTail())")
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }

    /// Runs SQL as root over node `index`'s socket and returns the rows, tab-separated.
    @discardableResult
    public func sql(_ index: Int, _ sql: String) throws -> [String] {
        let (status, output) = try ProgramRun.output([
            MariaDBServer.client, "--no-defaults", "--socket=\(nodes[index].socket)", "-uroot", "-N", "-B", "-e", sql,
        ])
        guard status == 0 else { throw NamedServer.Failure("mariadb on Galera node \(index) failed (\(status)): \(output)") }
        return output.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    private func launch(_ index: Int, bootstrap: Bool) throws {
        guard !isRunning(index) else { return }
        let members = nodes.map { "127.0.0.1:\($0.groupPort)" }
        let process = try nodes[index].launch(members: members, bootstrap: bootstrap)
        lock.withLock { processes[index] = process }
    }

    /// Waits until node `index` is synced. A node that exits first is launched again, twice at
    /// most: under load Galera 26.4 sometimes aborts at start with "failed to open gcomm backend
    /// connection: 3: Failed to set thread schedparams other:0: System error: 3 (No such process)".
    private func waitUntilSynced(_ index: Int, bootstrap: Bool, seconds: Double = 90) throws {
        for attempt in 1...3 {
            guard let process = lock.withLock({ processes[index] }) else { throw NamedServer.Failure("Galera node \(index) is not running") }
            let synced = process.waitUntil(seconds: seconds, interval: 0.1) {
                let status = try? wsrepStatus(index)
                return status?["wsrep_local_state_comment"] == "Synced" && status?["wsrep_ready"] == "ON"
            }
            if synced { return }
            guard !process.isRunning, attempt < 3 else { break }
            lock.withLock {
                relaunchCount += 1
                processes[index] = nil
            }
            try launch(index, bootstrap: bootstrap)
        }
        throw NamedServer.Failure("Galera node \(index) did not sync: \(nodes[index].logTail())")
    }
}
