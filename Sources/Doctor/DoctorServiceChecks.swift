import Backends
import DadnsConfiguration
import Foundation
import MariaDB
import SettingsKit

/// The checks that talk to the DNS servers: `rndc status`, `nsd-control status`, a MariaDB
/// login and its tables. Read-only: status commands and SELECTs only. A failure here does not
/// stop start-up; it stops that backend's changes.
enum DoctorServiceChecks {
    /// Time limit of each status command and connection.
    static let timeout: Double = 5

    static func run(_ config: AppConfig) async -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        for backend in config.enabledBackends {
            switch backend.type {
            case BackendKind.bind.type:
                let settings = BindBackendSettings(stanza: backend)
                let check = "\(backend.name) rndc status"
                switch settings.rndcProgram {
                case .disabled:
                    // Asked for: nothing to fix.
                    findings.append(.ok(check, "not run: \(settings.rndcProgram.description)"))
                    continue
                case .notFound:
                    findings.append(.warning(
                        check, "no rndc found on PATH: zone files are written but named is not told to load them",
                        fix: "install rndc (Debian: bind9-utils) or set dns.backends.\(backend.name).rndc_path; "
                            + "reload: false to write files only"))
                    continue
                case .configured, .foundOnPath:
                    break
                }
                findings.append(await command(
                    backend, tool: "rndc", settings.rndc(["status"]), timeout: min(timeout, settings.commandTimeout),
                    fix: "check that named runs and that rndc_server, rndc_port and rndc_key_file match named.conf's controls",
                    whenNone: "set rndc_path (or install rndc) so named loads the zones dadns writes"))
            case BackendKind.nsd.type:
                let settings = NSDBackendSettings(stanza: backend)
                findings.append(await command(
                    backend, tool: "nsd-control", settings.control(["status"]), timeout: min(timeout, settings.commandTimeout),
                    fix: "check that nsd runs with remote-control enabled and that nsd_control_config names its control socket or port",
                    whenNone: "set nsd_control_path so NSD learns of the zones dadns writes"))
            case BackendKind.coreDNSMySQL.type:
                findings += await mariaDB(backend)
            default:
                break
            }
        }
        return findings
    }

    static func command(
        _ backend: BackendStanza, tool: String, _ argv: [String]?, timeout: Double, fix: String, whenNone: String
    ) async -> DoctorFinding {
        let check = "\(backend.name) \(tool) status"
        guard let argv else {
            return .warning(check, "no \(tool) will run: zone files are written but the server is not told", fix: whenNone)
        }
        let shown = argv.joined(separator: " ")
        do {
            let result = try await CommandRunner.run(argv, timeout: timeout)
            if result.status == 0 && !result.timedOut { return .ok(check, "answers (\(shown))") }
            return .error(check, "`\(shown)` failed: \(result.summary)", fix: fix, stopsStartUp: false)
        } catch {
            return .error(
                check, "`\(shown)` cannot run: \(error)",
                fix: "install \(tool) or set dns.backends.\(backend.name).\(tool == "rndc" ? "rndc_path" : "nsd_control_path")",
                stopsStartUp: false)
        }
    }

    static func mariaDB(_ backend: BackendStanza) async -> [DoctorFinding] {
        var adjusted = CoreDNSMySQLSettings(stanza: backend)
        adjusted.connection.connectTimeout = min(adjusted.connection.connectTimeout, Int(timeout))
        let settings = adjusted, connection = adjusted.connection
        let location = connection.unixSocket ?? "\(connection.host):\(connection.port)"
        let check = "\(backend.name) MariaDB \(connection.username)@\(location)/\(connection.database ?? "")"
        let base = "dns.backends.\(backend.name)"
        let outcome: Result<[DoctorFinding], MariaDBError> = await BlockingWork.run {
            Result {
                let library = try MariaDBLibrary.load(path: settings.libraryPath)
                let session = try MariaDBConnection(library: library, configuration: connection)
                defer { session.close() }
                return try schema(session, settings: settings, check: check)
            }.mapError { $0 as? MariaDBError ?? .invalidArgument(String(describing: $0)) }
        }
        switch outcome {
        case .success(let findings):
            return findings
        case .failure(let error):
            let fix = error.isLibraryError
                ? "install \(MariaDBLibrary.packageName) or set \(base).library_path"
                : "check \(base).host/port (or unix_socket), username, password (DADNS_\(base.uppercased().replacingOccurrences(of: ".", with: "_"))_PASSWORD) and database, and that the server accepts this user from here"
            return [.error(check, "cannot log in: \(error)", fix: fix, stopsStartUp: false)]
        }
    }

    /// The zones and records tables and zones.managed_by, as the backend needs them.
    private static func schema(_ session: MariaDBConnection, settings: CoreDNSMySQLSettings, check: String) throws -> [DoctorFinding] {
        var findings: [DoctorFinding] = [.ok(check, "login accepted")]
        let tables = [settings.zonesTable, settings.recordsTable]
        for table in tables {
            let found = try session.query("""
                SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = \(try session.literal(table))
                """)
            if found.first?.first.flatMap({ $0 }) == "0" {
                findings.append(.warning(
                    "\(check) table \(table)", "missing: the backend creates it at start",
                    fix: "grant CREATE on the database to \(settings.connection.username), or create it from the coredns_mysql_extend schema"))
                continue
            }
            findings.append(.ok("\(check) table \(table)", "present"))
        }
        let column = try session.query("""
            SELECT COUNT(*) FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = \(try session.literal(settings.zonesTable)) AND COLUMN_NAME = 'managed_by'
            """)
        let tableThere = findings.contains { $0.check == "\(check) table \(settings.zonesTable)" && $0.level == .ok }
        if tableThere && column.first?.first.flatMap({ $0 }) == "0" {
            findings.append(.warning(
                "\(check) \(settings.zonesTable).managed_by", "missing: the backend adds the column at start",
                fix: "grant ALTER on \(settings.zonesTable) to \(settings.connection.username), or add `managed_by VARCHAR(64) NULL`"))
        } else if tableThere {
            findings.append(.ok("\(check) \(settings.zonesTable).managed_by", "present"))
        }
        return findings
    }
}
