import Backends
import DadnsConfiguration
import Foundation
import SettingsKit
import ZoneStore
#if canImport(Glibc)
import Glibc
#endif

/// The checks of what `dadns serve` needs before it starts: the listening port, the store, the
/// backends' directories and files, the TLS files, a password (the shared database of a mysql
/// store is checked with the servers: `DoctorStoreCheck`). Nothing is created or changed
/// (see `PathProbe`, `PortProbe`). `serve` runs these first and exits 78 on an error marked
/// `stopsStartUp`.
public enum DoctorStartupChecks {
    public static func run(_ config: AppConfig) -> [DoctorFinding] {
        // A shared store (mysql) has no file here: `DoctorStoreCheck` connects to it instead.
        var findings = [password(config), port(config)] + (config.store.kind == .sqlite ? [store(config)] : []) + [durability(config)]
        for backend in config.enabledBackends {
            findings += paths(of: backend)
        }
        findings += tls(config)
        return findings
    }

    /// The user the checks run as, for "make X writable for …".
    static var userName: String {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return "uid \(geteuid())" }
        return String(cString: name)
    }

    static func password(_ config: AppConfig) -> DoctorFinding {
        guard config.server.authPassword == nil else { return .ok("app.auth_password", "set") }
        return .warning(
            "app.auth_password", "not set: every DirectAdmin and operator request is refused",
            fix: "set DADNS_APP_AUTH_PASSWORD (e.g. in /etc/directdnsonly/dadns.env) or app.auth_password; "
                + "DirectAdmin logs in as '\(config.server.authUsername)' with it")
    }

    static func port(_ config: AppConfig) -> DoctorFinding {
        let address = config.server.listenAddress
        let check = "listen \(address):\(config.listenPort)"
        let holder = StoreLock.holder(storePath: config.databasePath)
        if holder.held {
            return .ok(check, "the running dadns\(holder.pid.map { " (pid \($0))" } ?? "") holds the store; port not probed")
        }
        guard let problem = PortProbe.problem(address: address, port: config.listenPort) else { return .ok(check, "free") }
        return .error(
            check, problem,
            fix: "stop the program listening there (`ss -ltnp 'sport = :\(config.listenPort)'` names it), "
                + "or set app.listen_port / app.listen_address", stopsStartUp: true)
    }

    /// The database and the files beside it the daemon opens too: its lock and, after a crash,
    /// SQLite's WAL and shared-memory files (left owned by whoever ran it last).
    static func store(_ config: AppConfig) -> DoctorFinding {
        let database = config.databasePath
        let problem = [database, database + ".lock", database + "-wal", database + "-shm"].lazy.compactMap(PathProbe.writableFile).first
        return path(
            "store \(LocalPath.absolute(database))", problem, key: "datastore.db_location", stopsStartUp: true, ok: "writable")
    }

    /// `datastore.synchronous`: NORMAL is a warning (the operator's choice, not a fault), FULL ok.
    static func durability(_ config: AppConfig) -> DoctorFinding {
        let check = "store durability"
        switch config.store.synchronous {
        case .full:
            return .ok(check, config.store.durabilityDetail)
        case .normal:
            return .warning(
                check, config.store.durabilityDetail,
                fix: "if every acknowledged push must survive a power loss, set datastore.synchronous: full (the default); "
                    + "else DirectAdmin still holds the zones: the reconciler fetches a lost new zone, a re-push restores a lost edit")
        }
    }

    /// The paths the backend's type names (`BackendKind.paths`): directories and written files
    /// must be usable or start-up stops; a file only its tool reads stops that backend.
    static func paths(of backend: BackendStanza) -> [DoctorFinding] {
        let paths = BackendRegistry.kind(backend.type)?.paths(backend) ?? []
        return paths.map { entry in
            let check = "\(backend.name) \(entry.key) \(LocalPath.absolute(entry.path))"
            let key = "dns.backends.\(backend.name).\(entry.key)"
            switch entry.use {
            case .directory:
                return path(check, PathProbe.directory(entry.path), key: key, stopsStartUp: true, ok: "writable")
            case .writtenFile:
                return path(check, PathProbe.writableFile(entry.path), key: key, stopsStartUp: true, ok: "writable")
            case .readFile(let consequence):
                return path(
                    check, PathProbe.readableFile(entry.path), key: key, stopsStartUp: false, ok: "readable", consequence: consequence)
            }
        }
    }

    static func tls(_ config: AppConfig) -> [DoctorFinding] {
        guard config.server.tlsEnabled else { return [] }
        typealias Keys = ConfigSchema.Server
        let files = [
            (Keys.sslCert.path, config.server.certificateFile), (Keys.sslKey.path, config.server.privateKeyFile),
            (Keys.sslBundle.path, config.server.certificateBundle),
        ]
        return files.compactMap { key, value in
            guard let value else {
                if key == Keys.sslBundle.path { return nil }
                return .error(key, "not set while app.ssl_enable is true", fix: "set \(key) to a PEM file, or app.ssl_enable: false",
                              stopsStartUp: true)
            }
            return path("\(key) \(LocalPath.absolute(value))", PathProbe.readableFile(value), key: key, stopsStartUp: true, ok: "readable")
        }
    }

    /// A finding for one path: ok, or an error saying which permission or key to change.
    private static func path(
        _ check: String, _ problem: PathProbe.Problem?, key: String, stopsStartUp: Bool, ok: String, consequence: String? = nil
    ) -> DoctorFinding {
        guard let problem else { return .ok(check, ok) }
        let fix: String
        if problem.reason.contains("not writable") || problem.reason.contains("not readable") {
            fix = "give user \(userName) access to \(problem.at) (chown/chmod, or a group such as bind), or set \(key)"
        } else if problem.reason.contains("does not exist") {
            fix = "create \(problem.at), or set \(key) to the file that exists"
        } else {
            fix = "move \(problem.at) out of the way, or set \(key) to another path"
        }
        return .error(
            check, problem.reason + (consequence.map { ": \($0)" } ?? ""),
            fix: fix + (problem.reason.contains("read-only file system") ? " (with systemd: ReadWritePaths=)" : ""),
            stopsStartUp: stopsStartUp)
    }
}
