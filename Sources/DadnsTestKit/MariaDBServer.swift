import Foundation

/// A real MariaDB server on loopback for one test: `mariadb-install-db` into its own directory
/// under /tmp, `mariadbd` on a free port (and a short unix socket path), started under
/// `setpriv --pdeathsig` so it dies with the test process. A database and a user with a password
/// are created. `stop()` and `start()` stop and restart the same data directory;
/// `destroy()` stops it and removes the directory.
public final class MariaDBServer: @unchecked Sendable {
    public var directory: URL { launcher.directory }
    public let port: Int
    public let database = "coredns"
    public let username = "dadns"
    public let password: String
    let extraArguments: [String]
    let launcher: ServerProcess

    public var socket: String { directory.appendingPathComponent("sock").path }
    var logFile: String { directory.appendingPathComponent("err.log").path }

    static let installDB = "/usr/bin/mariadb-install-db"
    static let server = "/usr/sbin/mariadbd"
    static let admin = "/usr/bin/mariadb-admin"
    static let client = "/usr/bin/mariadb"

    /// Installs and starts a server; fails with a clear message when MariaDB is not installed.
    public init(extraArguments: [String] = []) throws {
        for tool in [Self.installDB, Self.server, Self.admin, Self.client] where !FileManager.default.isExecutableFile(atPath: tool) {
            throw NamedServer.Failure("\(tool) is missing: install mariadb-server and mariadb-client (apt-get install mariadb-server mariadb-client libmariadb3)")
        }
        self.extraArguments = extraArguments
        password = "pw-\(UUID().uuidString.prefix(12))"
        // Each server has its own tmpdir: a starting mariadbd deletes every `#sql*` file in its
        // tmpdir, which breaks another server's bootstrap running at the same time in /tmp.
        let directory = try ServerProcess.makeDirectory("mdb", subdirectories: ["tmp"])
        port = try FreePort.find()
        let ping = [Self.admin, "--no-defaults", "--socket=\(directory.path)/sock", "-uroot", "ping"]
        // Up once it answers mariadb-admin ping over the socket (its error log is its log file).
        launcher = ServerProcess(
            name: "mariadbd", directory: directory, logFile: directory.appendingPathComponent("err.log"), readySeconds: 60
        ) { try ProgramRun.status(ping) == 0 }
        let (install, output) = try ProgramRun.output([Self.installDB,
            "--no-defaults", "--user=root", "--datadir=\(directory.path)/data", "--skip-test-db", "--auth-root-authentication-method=socket",
            "--tmpdir=\(directory.path)/tmp",
        ])
        guard install == 0 else {
            destroy()
            throw NamedServer.Failure("mariadb-install-db failed with status \(install): \(output.suffix(3000))")
        }
        try start()
        try rootSQL("""
            CREATE DATABASE \(database) CHARACTER SET utf8mb4;
            CREATE USER '\(username)'@'127.0.0.1' IDENTIFIED BY '\(password)';
            CREATE USER '\(username)'@'localhost' IDENTIFIED BY '\(password)';
            GRANT ALL ON \(database).* TO '\(username)'@'127.0.0.1';
            GRANT ALL ON \(database).* TO '\(username)'@'localhost';
            """)
    }

    /// Starts `mariadbd` on the data directory and waits until it answers.
    public func start() throws {
        guard !launcher.isRunning else { return }
        let dir = directory.path
        try launcher.start([Self.server, "--no-defaults", "--user=root", "--datadir=\(dir)/data",
            "--socket=\(dir)/sock", "--port=\(port)", "--bind-address=127.0.0.1", "--pid-file=\(dir)/pid",
            "--log-error=\(dir)/err.log", "--tmpdir=\(dir)/tmp", "--skip-log-bin", "--innodb-buffer-pool-size=64M", "--skip-name-resolve",
        ] + extraArguments)
    }

    /// Stops the server (the data directory stays for `start()`).
    public func stop() {
        guard launcher.isRunning else { return }
        _ = try? ProgramRun.status([Self.admin, "--no-defaults", "--socket=\(socket)", "-uroot", "shutdown"])
        launcher.terminate(within: 30)
    }

    /// Stops the server and removes its directory.
    public func destroy() {
        stop()
        launcher.stop()
    }

    /// Runs SQL as root over the socket (in `database` unless `inDatabase` is false) and returns
    /// the rows, tab-separated, without headers.
    @discardableResult
    public func rootSQL(_ sql: String, inDatabase: Bool = false) throws -> [String] {
        var arguments = ["--no-defaults", "--socket=\(socket)", "-uroot", "-N", "-B", "-e", sql]
        if inDatabase { arguments.append(database) }
        let (status, output) = try ProgramRun.output([Self.client] + arguments)
        guard status == 0 else { throw NamedServer.Failure("mariadb failed (\(status)) running: \(sql.prefix(200))\n\(output)") }
        return output.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// Runs SQL in the test database.
    @discardableResult
    public func sql(_ sql: String) throws -> [String] { try rootSQL(sql, inDatabase: true) }
}
