import Foundation

/// One node of a `GaleraCluster`: its directory (data, socket, pid, error log, tmpdir) and its
/// four loopback ports, and how its `mariadbd` is started.
public struct GaleraNode: Sendable {
    public let index: Int
    public let directory: URL
    /// The SQL port.
    public let port: Int
    /// Galera's group communication (gcomm), incremental (IST) and full (SST) state transfer ports.
    public let groupPort: Int
    public let istPort: Int
    public let sstPort: Int

    public var socket: String { directory.appendingPathComponent("sock").path }
    var dataDirectory: String { directory.appendingPathComponent("data").path }
    var logFile: String { directory.appendingPathComponent("err.log").path }

    /// As root the node runs as this user (see `GaleraCluster`); otherwise as the test's user.
    static let serviceUser = "mysql"
    static var asRoot: Bool { getuid() == 0 }

    /// Makes the node's directory (an empty data directory: a joiner gets everything by state
    /// transfer) and picks its ports.
    init(index: Int, directory: URL) throws {
        self.index = index
        self.directory = directory
        port = try FreePort.find()
        groupPort = try FreePort.find()
        istPort = try FreePort.find()
        sstPort = try FreePort.find()
        // Its own tmpdir: a starting mariadbd deletes every `#sql*` file in its tmpdir.
        for name in ["data", "tmp"] {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        if Self.asRoot {
            guard try ProgramRun.status(["/bin/chown", "-R", "\(Self.serviceUser):\(Self.serviceUser)", directory.path]) == 0 else {
                throw NamedServer.Failure("cannot give \(directory.path) to the \(Self.serviceUser) user (is mariadb-server installed?)")
            }
        }
    }

    /// Creates the system tables (the bootstrapping node only).
    func initialize() throws {
        var arguments = [MariaDBServer.installDB, "--no-defaults", "--datadir=\(dataDirectory)", "--skip-test-db",
            "--auth-root-authentication-method=socket", "--tmpdir=\(directory.path)/tmp"]
        if Self.asRoot { arguments.append("--user=\(Self.serviceUser)") }
        let (status, output) = try ProgramRun.output(arguments)
        guard status == 0 else { throw NamedServer.Failure("mariadb-install-db failed with status \(status): \(output.suffix(3000))") }
    }

    /// Starts `mariadbd` as a member of the cluster whose gcomm addresses are `members`; it dies
    /// with the test process (`--pdeathsig`, set after the switch to the service user, which
    /// would clear it if mariadbd made the switch itself).
    func launch(members: [String], bootstrap: Bool) throws -> SpawnedProcess {
        let dir = directory.path
        var arguments = ["/usr/bin/setpriv"]
        if Self.asRoot { arguments += ["--reuid=\(Self.serviceUser)", "--regid=\(Self.serviceUser)", "--init-groups"] }
        arguments += ["--pdeathsig", "TERM", "--", MariaDBServer.server, "--no-defaults", "--datadir=\(dataDirectory)",
            "--socket=\(socket)", "--port=\(port)", "--bind-address=127.0.0.1", "--pid-file=\(dir)/pid", "--log-error=\(logFile)",
            "--tmpdir=\(dir)/tmp", "--skip-log-bin", "--innodb-buffer-pool-size=32M", "--skip-name-resolve",
            "--wsrep-on=ON", "--wsrep-provider=\(GaleraCluster.provider)", "--wsrep-cluster-name=dadns-test",
            "--wsrep-cluster-address=gcomm://\(members.joined(separator: ","))",
            "--wsrep-node-name=n\(index)", "--wsrep-node-address=127.0.0.1:\(groupPort)",
            "--wsrep-node-incoming-address=127.0.0.1:\(port)",
            "--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:\(groupPort);ist.recv_addr=127.0.0.1:\(istPort)",
            "--wsrep-sst-method=rsync", "--wsrep-sst-receive-address=127.0.0.1:\(sstPort)",
            "--binlog-format=ROW", "--default-storage-engine=InnoDB", "--innodb-autoinc-lock-mode=2",
        ]
        if bootstrap { arguments.append("--wsrep-new-cluster") }
        return try SpawnedProcess(arguments, logFile: "/dev/null")
    }

    /// The end of the node's error log, for a failure message.
    func logTail(_ characters: Int = 3000) -> String {
        String(((try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "").suffix(characters))
    }
}
