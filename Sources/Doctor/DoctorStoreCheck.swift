import Backends
import DadnsConfiguration
import MariaDB
import ZoneStore

/// The shared store (`datastore.type: mysql`): whether the database answers with the configured
/// settings, and its schema version. Read-only (SELECTs). Anything that keeps the daemon from
/// opening the store stops start-up; the reasons are said in the operator's terms, naming the
/// `datastore.*` keys to check and never the password.
public enum DoctorStoreCheck {
    /// Why the database cannot be used, and what to change.
    public struct Failure: Sendable {
        public var detail: String
        public var fix: String
        /// The server does not answer (down, starting, unreachable): trying again later may
        /// work, so `serve` exits 75 and systemd starts it again. Anything else needs a change (78).
        public var temporary: Bool
    }

    /// `store mysql dadns@127.0.0.1:3306/directdnsonly`.
    public static func check(_ config: AppConfig) -> String {
        let database = config.store.database
        return "store mysql \(database.username)@\(address(config))/\(database.database ?? "")"
    }

    /// `127.0.0.1:3306`, or the socket.
    public static func address(_ config: AppConfig) -> String {
        config.store.database.unixSocket ?? "\(config.store.database.host):\(config.store.database.port)"
    }

    /// Connects once and reads the server's and the schema's version.
    static func run(_ config: AppConfig, timeLimit: Double) async -> [DoctorFinding] {
        guard config.store.kind == .mysql else { return [] }
        var settings = config.store.database
        settings.connectTimeout = min(settings.connectTimeout, Int(timeLimit))
        let configured = settings
        let outcome: Result<(server: String?, schema: Int?), any Error> = await BlockingWork.run {
            Result {
                let connection = try MariaDBConnection(library: try MariaDBLibrary.load(), configuration: configured)
                defer { connection.close() }
                let server = try connection.query("SELECT VERSION()").first?.first.flatMap { $0 }
                return (server, try MariaDBZoneStore.schemaVersion(of: connection))
            }
        }
        let check = check(config)
        let known = MariaDBZoneStore.schemaVersion
        switch outcome {
        case .failure(let error):
            let failure = failure(error, config)
            return [.error(check, failure.detail, fix: failure.fix, stopsStartUp: true)]
        case .success(let found):
            let server = found.server.map { "server \($0)" } ?? "the server"
            guard let schema = found.schema else {
                return [.ok(check, "\(server) answers; no schema yet: the first node to start creates it (version \(known))")]
            }
            guard schema <= known else {
                return [.error(
                    check, "schema version \(schema) is newer than this dadns knows (\(known)): a newer dadns migrated it",
                    fix: "upgrade dadns on this node to the version the other nodes run", stopsStartUp: true)]
            }
            let update = schema < known ? "; this dadns brings it to \(known) at start" : ""
            return [.ok(check, "\(server) answers; schema version \(schema)\(update)")]
        }
    }

    /// What `error`, from connecting to the shared database or opening the store on it, means.
    public static func failure(_ error: any Error, _ config: AppConfig) -> Failure {
        let address = address(config)
        guard let error = error as? MariaDBError else {
            return Failure(detail: "\(error)", fix: "check the datastore.* settings", temporary: false)
        }
        let password = "datastore.pass (or DADNS_DATASTORE_PASS)"
        switch error.code {
        case _ where error.isLibraryError:
            return Failure(detail: "\(error)", fix: "install the package \(MariaDBLibrary.packageName)", temporary: false)
        case 1045:
            return Failure(
                detail: "the server at \(address) refused the login as '\(config.store.database.username)' (\(error))",
                fix: "check datastore.user and \(password), and that the server accepts this user from this host", temporary: false)
        case 1044, 1049:
            return Failure(
                detail: "database '\(config.store.database.database ?? "")' cannot be used (\(error))",
                fix: "check datastore.name; create the database and GRANT ALL ON it TO datastore.user", temporary: false)
        case 2026:
            return Failure(
                detail: "the TLS connection to \(address) failed (\(error))",
                fix: "check datastore.ssl and datastore.ssl_ca against the server's TLS settings", temporary: false)
        case _ where error.isConnectionLost || error.code == 2005:
            return Failure(
                detail: "the database at \(address) does not answer (\(error))",
                fix: "start the database server, or check datastore.host and datastore.port", temporary: true)
        default:
            return Failure(detail: "\(error)", fix: "check the datastore.* settings and the server's log", temporary: false)
        }
    }
}
