import Foundation

/// A real PowerDNS Authoritative (4.7) on loopback for one test or benchmark: its own directory
/// under /tmp with a gsqlite3 database made from Debian's schema, free ports for DNS and the
/// webserver, the HTTP API enabled with a fresh key (or, with `gmysql`, `launch=gmysql` on a
/// MariaDBServer's database, with the schema of Debian's pdns-backend-mysql). Started in the foreground under `setpriv
/// --pdeathsig` so it dies with the test process; stopped by `stop()` (or when released).
/// Readiness proves it is this instance: the API answers 200 to this instance's key.
public final class PowerDNSServer: LoopbackDNSServer, @unchecked Sendable {
    public static let serverPath = "/usr/sbin/pdns_server"
    public static let schemaPath = "/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql"
    public static let sqlitePath = "/usr/bin/sqlite3"
    public static let gmysqlSchemaPath = "/usr/share/pdns-backend-mysql/schema/schema.mysql.sql"
    public static let gmysqlModulePath = "/usr/lib/x86_64-linux-gnu/pdns/libgmysqlbackend.so"

    /// The DNS port (UDP and TCP) and the webserver's port.
    public let port: Int
    public let webPort: Int
    public let apiKey: String
    /// `webserver-max-bodysize` in megabytes; nil: PowerDNS's default (2). The default here, 16,
    /// is what the PowerDNS backend's README tells operators to set: a 50,000-record zone's JSON
    /// is 5.3 MB.
    public let maxBodySizeMB: Int?
    /// `gsqlite3-dnssec=yes`: PowerDNS reads the schema's DNSSEC tables (keys, metadata such as
    /// PRESIGNED), as it must to serve a pre-signed zone's RRSIGs.
    public let dnssec: Bool
    /// More pdns_server arguments (`--gsqlite3-pragma-synchronous=0`).
    public let extraArguments: [String]
    /// The MariaDB server whose database (`MariaDBServer.database`) PowerDNS serves from with
    /// `launch=gmysql`; nil: gsqlite3 (`databaseFile`).
    public let gmysql: MariaDBServer?
    public let launcher: ServerProcess

    /// The `api_url` a backend stanza names.
    public var apiURL: String { "http://127.0.0.1:\(webPort)" }
    public var databaseFile: String { directory.appendingPathComponent("pdns.sqlite").path }

    /// Creates the database and starts pdns_server. Throws, naming the packages to install, when
    /// PowerDNS or its SQLite (or, with `gmysql`, MySQL) backend is missing. With `gmysql`, the
    /// schema is loaded into that server's database.
    public init(maxBodySizeMB: Int? = 16, dnssec: Bool = false, extraArguments: [String] = [], gmysql: MariaDBServer? = nil) throws {
        let needed = gmysql == nil
            ? [(Self.serverPath, "pdns-server"), (Self.schemaPath, "pdns-backend-sqlite3"), (Self.sqlitePath, "sqlite3")]
            : [(Self.serverPath, "pdns-server"), (Self.gmysqlSchemaPath, "pdns-backend-mysql"), (Self.gmysqlModulePath, "pdns-backend-mysql")]
        for (file, package) in needed where !FileManager.default.fileExists(atPath: file) {
            throw NamedServer.Failure(
                "\(file) is missing: install \(package) (apt-get install pdns-server pdns-backend-sqlite3 pdns-backend-mysql sqlite3; bash .ci/run does)")
        }
        self.gmysql = gmysql
        self.maxBodySizeMB = maxBodySizeMB
        self.dnssec = dnssec
        self.extraArguments = extraArguments
        let directory = try ServerProcess.makeDirectory("pdns")
        port = try FreePort.find()
        webPort = try FreePort.find()
        let apiKey = "test-" + UUID().uuidString
        self.apiKey = apiKey
        // Started once its API accepts this instance's key.
        launcher = ServerProcess(name: "pdns_server", directory: directory, logFile: directory.appendingPathComponent("pdns.log")) {
            [webPort] in (try? Self.request(port: webPort, key: apiKey, "GET", "/api/v1/servers/localhost").status) == 200
        }
        if let gmysql {
            try gmysql.sql(try String(contentsOfFile: Self.gmysqlSchemaPath, encoding: .utf8))
        } else {
            let schema = try Data(contentsOf: URL(fileURLWithPath: Self.schemaPath))
            let made = try ProgramRun.run([Self.sqlitePath, databaseFile], input: schema, errors: .merged, timeout: 30)
            guard made.status == 0 else { throw NamedServer.Failure("sqlite3 could not create the PowerDNS database: \(made.text)") }
        }
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        try launcher.start(arguments)
    }

    deinit { launcher.terminate() }

    /// pdns_server's arguments: no config file, everything on the command line.
    private var arguments: [String] {
        let dir = directory.path
        return [
            Self.serverPath, "--config-dir=\(dir)", "--no-config", "--daemon=no", "--guardian=no", "--disable-syslog",
            "--write-pid=no", "--socket-dir=\(dir)", "--local-address=127.0.0.1", "--local-port=\(port)",
            "--api=yes", "--api-key=\(apiKey)",
            "--webserver=yes", "--webserver-address=127.0.0.1", "--webserver-port=\(webPort)",
            "--webserver-allow-from=127.0.0.1", "--webserver-loglevel=normal", "--loglevel=6",
        ] + backendSettings.map { "--\($0)" } + (maxBodySizeMB.map { ["--webserver-max-bodysize=\($0)"] } ?? []) + extraArguments
    }

    /// The backend's pdns.conf settings (`launch=…` first), for pdns_server and pdnsutil.
    private var backendSettings: [String] {
        guard let gmysql else {
            return ["launch=gsqlite3", "gsqlite3-database=\(databaseFile)", "gsqlite3-dnssec=\(dnssec ? "yes" : "no")"]
        }
        return [
            "launch=gmysql", "gmysql-host=127.0.0.1", "gmysql-port=\(gmysql.port)", "gmysql-user=\(gmysql.username)",
            "gmysql-password=\(gmysql.password)", "gmysql-dbname=\(gmysql.database)", "gmysql-dnssec=\(dnssec ? "yes" : "no")",
        ]
    }

    /// Stops pdns_server (the database stays) and starts it again on the same ports.
    public func restart() throws {
        try launcher.restart()
    }

    /// Stops pdns_server without removing its directory (start it again with `restart()`).
    public func pause() {
        launcher.terminate()
    }

    /// One API request with this instance's key (`target` from `/api/v1/…`); the answer.
    public func request(_ method: String, _ target: String, body: String? = nil, key: String? = nil) throws -> RawHTTPClient.Reply {
        try Self.request(port: webPort, key: key ?? apiKey, method, target, body: body)
    }

    static func request(port: Int, key: String, _ method: String, _ target: String, body: String? = nil) throws -> RawHTTPClient.Reply {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nX-API-Key: \(key)\r\nConnection: close\r\n"
        if let body { text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        return try RawHTTPClient.send(port: port, request: Array(text.utf8))
    }

    /// The zone `name`'s JSON as PowerDNS answers it (nil when it has no such zone).
    public func zoneJSON(_ name: String) throws -> [String: Any]? {
        let reply = try request("GET", "/api/v1/servers/localhost/zones/\(Self.absolute(name))")
        guard reply.status == 200 else { return nil }
        return try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any]
    }

    /// Names of the zones PowerDNS has (without the trailing dot), with their account.
    public func zones() throws -> [String: String] {
        let reply = try request("GET", "/api/v1/servers/localhost/zones")
        guard reply.status == 200, let list = try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [[String: Any]] else {
            throw NamedServer.Failure("GET /zones answered \(reply.status): \(reply.body)")
        }
        var zones: [String: String] = [:]
        for zone in list {
            guard let name = zone["name"] as? String else { continue }
            zones[String(name.dropLast())] = zone["account"] as? String ?? ""
        }
        return zones
    }

    /// Replaces one RRset behind dadns's back (a `PATCH` as another tool would send it).
    public func replaceRRset(zone: String, name: String, type: String, ttl: Int, contents: [String]) throws {
        let records = contents.map { "{\"content\": \(Self.quoted($0)), \"disabled\": false}" }.joined(separator: ", ")
        let body = """
            {"rrsets": [{"name": \(Self.quoted(Self.absolute(name))), "type": "\(type)", "ttl": \(ttl), "changetype": "REPLACE", \
            "records": [\(records)]}]}
            """
        let reply = try request("PATCH", "/api/v1/servers/localhost/zones/\(Self.absolute(zone))", body: body)
        guard reply.status == 204 else { throw NamedServer.Failure("PATCH answered \(reply.status): \(reply.body)") }
    }

    public static let pdnsutilPath = "/usr/bin/pdnsutil"

    /// Runs pdnsutil on this server's database, as an operator on the server would
    /// (`set-presigned example.com`); its output, or a failure with it.
    public func pdnsutil(_ arguments: [String]) throws -> String {
        let conf = backendSettings.joined(separator: "\n") + "\n"
        try conf.write(to: directory.appendingPathComponent("pdns.conf"), atomically: true, encoding: .utf8)
        let run = try ProgramRun.output([Self.pdnsutilPath, "--config-dir=\(directory.path)"] + arguments)
        guard run.status == 0 else { throw NamedServer.Failure("pdnsutil \(arguments.joined(separator: " ")) failed: \(run.output)") }
        return run.output
    }

    public func query(_ name: String, _ type: String) throws -> (status: String, answer: [String]) {
        try Dig.query(port: port, name, type)
    }

    /// The API requests the webserver logged, oldest first: `PATCH /api/v1/servers/localhost/zones/x.`.
    public func requests() -> [String] {
        log().split(separator: "\n").compactMap { line -> String? in
            guard line.contains("[webserver]"), let open = line.firstIndex(of: "\""),
                let close = line[line.index(after: open)...].firstIndex(of: "\"") else { return nil }
            let request = line[line.index(after: open)..<close]
            return request.hasSuffix(" HTTP/1.1") || request.hasSuffix(" HTTP/1.0") ? String(request.dropLast(9)) : String(request)
        }
    }

    /// Stops pdns_server and removes its directory.
    public func stop() {
        launcher.stop()
    }

    static func absolute(_ name: String) -> String { name.hasSuffix(".") ? name : name + "." }

    /// `text` as a JSON string.
    static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }
}
