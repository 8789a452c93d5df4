import Logging
import MariaDB

/// What a check of one zone's rows against its desired records found.
public struct CoreDNSMySQLVerification: Sendable, Equatable {
    /// Rows the zone should have, and rows it has after any reconciling.
    public var expected: Int
    public var found: Int
    /// Rows that should not have been there (removed when the check reconciles).
    public var extra: Int
    /// Desired records with no row, and rows with the wrong TTL or `online` flag, after reconciling.
    public var missing: Int
    public var wrong: Int

    /// True when the rows are exactly the desired records.
    public var matches: Bool { missing == 0 && wrong == 0 && found == expected }

    /// The mismatch in words (for the applied-state error).
    public var problem: String {
        "verification failed: \(found) row(s) for \(expected) record(s), \(missing) missing, \(wrong) with a wrong TTL"
    }
}

extension CoreDNSMySQLZoneSync {
    /// Compares a zone's rows with `desired` (count and content). Extra rows are logged
    /// ("… has N extra record(s) for Z — reconciling"), deleted, and the zone is checked again —
    /// unless `reconcile` is false (healing only looks).
    /// `rows`: the zone's rows when the caller just read them (after an apply's commit).
    func verify(
        _ connection: MariaDBConnection, zoneName: String, zoneID knownID: Int64?, rows knownRows: [StoredRecord]? = nil,
        desired: [RecordKey: UInt32], backend: String, logger: Logger, reconcile: Bool = true
    ) throws -> CoreDNSMySQLVerification {
        guard let zoneID = try knownID ?? zoneID(connection, zoneName: zoneName) else {
            return CoreDNSMySQLVerification(expected: desired.count, found: 0, extra: 0, missing: desired.count, wrong: 0)
        }
        var rows = try knownRows ?? records(connection, zoneID: zoneID)
        var diff = RecordDiff(current: rows, desired: desired)
        let extra = diff.deletes.count
        if extra > 0 && reconcile {
            logger.warning("\(backend) has \(extra) extra record(s) for \(zoneName) — reconciling")
            try connection.transaction { try deleteRows(diff.deletes, connection) }
            rows = try records(connection, zoneID: zoneID)
            diff = RecordDiff(current: rows, desired: desired)
        }
        return CoreDNSMySQLVerification(
            expected: desired.count, found: rows.count, extra: extra, missing: diff.inserts.count, wrong: diff.updateCount)
    }
}
