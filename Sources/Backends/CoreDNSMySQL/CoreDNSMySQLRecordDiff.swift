import DNSZone

/// A row of the records table.
struct StoredRecord: Sendable, Equatable {
    var id: Int64
    var key: RecordKey
    var ttl: Int64
    var online: Int64
}

/// What identifies a record in the records table; the TTL is its value.
struct RecordKey: Hashable, Sendable {
    var hostname: String
    var type: String
    var data: String
}

/// How the stored rows of a zone become the desired ones: rows to insert, rows to delete (not
/// wanted, or a second copy of a wanted one), rows whose TTL (or `online` flag) to set. Rows
/// that are already right are not touched, so their ids stay.
struct RecordDiff: Sendable, Equatable {
    var inserts: [(key: RecordKey, ttl: UInt32)] = []
    var deletes: [Int64] = []
    /// New TTL → ids of rows to give it (and `online = 1`).
    var updates: [UInt32: [Int64]] = [:]

    var isEmpty: Bool { inserts.isEmpty && deletes.isEmpty && updates.isEmpty }
    var updateCount: Int { updates.values.reduce(0) { $0 + $1.count } }

    init(current: [StoredRecord], desired: [RecordKey: UInt32]) {
        var seen: Set<RecordKey> = []
        for row in current {
            guard let ttl = desired[row.key], seen.insert(row.key).inserted else {
                deletes.append(row.id)
                continue
            }
            if row.ttl != Int64(ttl) || row.online != 1 { updates[ttl, default: []].append(row.id) }
        }
        for (key, ttl) in desired where !seen.contains(key) { inserts.append((key, ttl)) }
        inserts.sort { ($0.key.hostname, $0.key.type, $0.key.data) < ($1.key.hostname, $1.key.type, $1.key.data) }
    }

    static func == (lhs: RecordDiff, rhs: RecordDiff) -> Bool {
        lhs.inserts.map(\.key) == rhs.inserts.map(\.key) && lhs.inserts.map(\.ttl) == rhs.inserts.map(\.ttl)
            && lhs.deletes == rhs.deletes && lhs.updates == rhs.updates
    }

    /// The desired records of a zone as the table holds them.
    static func desired(_ records: [RelativeRecord]) -> [RecordKey: UInt32] {
        var result: [RecordKey: UInt32] = [:]
        for record in records { result[RecordKey(hostname: record.hostname, type: record.type, data: record.data)] = record.ttl }
        return result
    }
}
