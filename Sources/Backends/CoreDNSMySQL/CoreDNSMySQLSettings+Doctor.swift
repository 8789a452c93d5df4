import MariaDB
import SettingsKit

extension CoreDNSMySQLSettings {
    /// `dadns doctor`'s check: a login, then the zones and records tables and zones.managed_by, as
    /// the backend needs them. Read-only (SELECTs on information_schema).
    func loginCheck(_ stanza: BackendStanza, timeLimit: Double) async -> [DoctorFinding] {
        var adjusted = self
        adjusted.connection.connectTimeout = min(connection.connectTimeout, Int(timeLimit))
        let settings = adjusted
        let check = "\(stanza.name) MariaDB \(settings.connection.address)"
        let outcome: Result<[DoctorFinding], MariaDBError> = await BlockingWork.run {
            Result {
                let library = try MariaDBLibrary.load(path: settings.libraryPath)
                let session = try MariaDBConnection(library: library, configuration: settings.connection)
                defer { session.close() }
                return try settings.schemaFindings(session, check: check)
            }.mapError { $0 as? MariaDBError ?? .invalidArgument(String(describing: $0)) }
        }
        switch outcome {
        case .success(let findings):
            return findings
        case .failure(let error):
            let base = "dns.backends.\(stanza.name)"
            let fix = error.isLibraryError
                ? "install \(MariaDBLibrary.packageName) or set \(stanza.path(Keys.libraryPath))"
                : "check \(base).host/port (or unix_socket), username, password (DADNS_\(base.uppercased().replacingOccurrences(of: ".", with: "_"))_PASSWORD) and database, and that the server accepts this user from here"
            return [.error(check, "cannot log in: \(error)", fix: fix, stopsStartUp: false)]
        }
    }

    /// The zones and records tables and zones.managed_by: present, or what to grant.
    private func schemaFindings(_ session: MariaDBConnection, check: String) throws -> [DoctorFinding] {
        var findings: [DoctorFinding] = [.ok(check, "login accepted")]
        for table in [zonesTable, recordsTable] {
            let found = try session.query("""
                SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = \(try session.literal(table))
                """)
            if found.first?.first.flatMap({ $0 }) == "0" {
                findings.append(.warning(
                    "\(check) table \(table)", "missing: the backend creates it at start",
                    fix: "grant CREATE on the database to \(connection.username), or create it from the coredns_mysql_extend schema"))
                continue
            }
            findings.append(.ok("\(check) table \(table)", "present"))
        }
        let column = try session.query("""
            SELECT COUNT(*) FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = \(try session.literal(zonesTable)) AND COLUMN_NAME = 'managed_by'
            """)
        let tableThere = findings.contains { $0.check == "\(check) table \(zonesTable)" && $0.level == .ok }
        if tableThere && column.first?.first.flatMap({ $0 }) == "0" {
            findings.append(.warning(
                "\(check) \(zonesTable).managed_by", "missing: the backend adds the column at start",
                fix: "grant ALTER on \(zonesTable) to \(connection.username), or add `managed_by VARCHAR(64) NULL`"))
        } else if tableThere {
            findings.append(.ok("\(check) \(zonesTable).managed_by", "present"))
        }
        return findings
    }
}
