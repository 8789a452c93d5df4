import DNSZone
import Foundation
import Logging
import MariaDB

/// CoreDNS with the coredns_mysql_extend plugin, through its MySQL/MariaDB tables: each zone is
/// a `zones` row (`example.com.`, `managed_by = 'directadmin'`) and one `records` row per record
/// (owner relative to the zone, rdata with absolute names). A zone changes in one transaction by
/// difference, then its rows are verified. The zones of a batch are spread over the connection
/// pool; an unreachable server fails the batch (the lane retries), it never stops start-up.
public final class CoreDNSMySQLBackend: DNSBackend {
    public let name: String
    public let settings: CoreDNSMySQLSettings
    let pool: MariaDBPool
    let sync: CoreDNSMySQLZoneSync
    let logger: Logger
    private let schemaReady = SchemaFlag()

    /// Loads Connector/C and checks the table names; connects only when first used.
    /// - Throws: `MariaDBError.libraryUnavailable` (names the package to install) or
    ///   `MariaDBError.invalidArgument` for a table name outside `[A-Za-z_][A-Za-z0-9_]*`.
    public init(name: String, settings: CoreDNSMySQLSettings, logger: Logger) throws {
        self.name = name
        self.settings = settings
        var logger = logger
        logger[metadataKey: "backend"] = "\(name)"
        self.logger = logger
        sync = CoreDNSMySQLZoneSync(schema: try CoreDNSMySQLSchema(zonesTable: settings.zonesTable, recordsTable: settings.recordsTable))
        let library = try MariaDBLibrary.load(path: settings.libraryPath)
        var connection = settings.connection
        // Row locks only, no gap locks: zones applied side by side do not block each other.
        connection.initCommand = "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED"
        // A zone's transaction travels in two round trips (its SQL holds only escaped values).
        connection.multiStatements = true
        pool = MariaDBPool(library: library, configuration: connection, size: settings.poolSize)
    }

    /// Creates the tables once (again after a failure).
    private func prepareSchema() async throws {
        guard !schemaReady.isSet else { return }
        let schema = sync.schema
        try await pool.withConnection { try schema.prepare($0) }
        schemaReady.set()
    }

    public func apply(_ changes: [BackendChange]) async -> [BackendOutcome] {
        if let refused = await ZoneNameGuard.refusing(changes, apply) { return refused }
        do {
            try await prepareSchema()
        } catch {
            let reason = "\(settings.connection): \(error)"
            return changes.map { _ in .failed(reason) }
        }
        // Once the server is found unreachable, the rest of the batch fails at once instead of
        // each zone waiting for its own connect timeout.
        let unreachable = FirstFailure()
        return await withTaskGroup(of: (Int, BackendOutcome).self) { group in
            for (index, change) in changes.enumerated() {
                group.addTask {
                    if let reason = unreachable.reason { return (index, .failed(reason)) }
                    return (index, await self.applyOne(change, unreachable: unreachable))
                }
            }
            var outcomes = [BackendOutcome](repeating: .failed("not applied"), count: changes.count)
            for await (index, outcome) in group { outcomes[index] = outcome }
            return outcomes
        }
    }

    /// The zone's name in the table: lower case with a trailing dot.
    static func zoneName(_ domain: String) -> String {
        let lowered = domain.lowercased()
        return lowered.hasSuffix(".") ? lowered : lowered + "."
    }

    /// The desired rows of a zone's canonical text.
    static func desiredRecords(domain: String, zoneText: String) throws -> [RecordKey: UInt32] {
        let zone = try ZoneParser.parse(zoneText, origin: DNSName(zoneName(domain)))
        return RecordDiff.desired(ZoneWriter.relativeRecords(zone))
    }

    private func applyOne(_ change: BackendChange, unreachable: FirstFailure) async -> BackendOutcome {
        let zoneName = Self.zoneName(change.domain)
        let (sync, logger, backend) = (self.sync, self.logger, name)
        guard let text = change.zoneText else {
            do {
                let removed = try await pool.withConnection { try sync.delete($0, zoneName: zoneName) }
                logger.debug("\(removed ? "removed" : "no zone to remove:") \(zoneName)")
                return .applied
            } catch let error as CoreDNSMySQLZoneSync.ForeignZone {
                logger.warning("\(error)")
                return .applied  // not ours: nothing of this program's is left to remove
            } catch {
                return failure(error, unreachable)
            }
        }
        let desired: [RecordKey: UInt32]
        do {
            desired = try Self.desiredRecords(domain: change.domain, zoneText: text)
        } catch {
            return .failed("zone text does not parse: \(error)")
        }
        if let refusal = Self.dnssecRefusal(desired) { return .failed(refusal) }
        do {
            let verification = try await pool.withConnection { connection in
                let (applied, rows) = try sync.apply(connection, zoneName: zoneName, desired: desired)
                logger.debug(
                    "\(zoneName): \(applied.inserted) inserted, \(applied.deleted) deleted, \(applied.updated) TTL(s) changed")
                return try sync.verify(
                    connection, zoneName: zoneName, zoneID: applied.zoneID, rows: rows, desired: desired, backend: backend,
                    logger: logger)
            }
            logger.debug("\(zoneName): verified \(verification.found) row(s) for \(verification.expected) record(s)")
            return verification.matches ? .applied : .failed(verification.problem)
        } catch {
            return failure(error, unreachable)
        }
    }

    /// The outcome for an error; a connection that could not be made or kept is remembered for
    /// the rest of the batch.
    private func failure(_ error: any Error, _ unreachable: FirstFailure) -> BackendOutcome {
        let reason = "\(error)"
        if let error = error as? MariaDBError, error.isConnectionLost { unreachable.record("\(settings.connection): \(reason)") }
        return .failed(reason)
    }

    /// Checks one zone's rows against its desired text (nil: the zone must be absent), removing
    /// extra rows; the result says what was found.
    public func verify(domain: String, zoneText: String?) async throws -> CoreDNSMySQLVerification {
        try await prepareSchema()
        let zoneName = Self.zoneName(domain)
        let desired = try zoneText.map { try Self.desiredRecords(domain: domain, zoneText: $0) } ?? [:]
        let (sync, logger, backend) = (self.sync, self.logger, name)
        return try await pool.withConnection { connection in
            try sync.verify(connection, zoneName: zoneName, zoneID: nil, desired: desired, backend: backend, logger: logger)
        }
    }

    /// Zones whose rows differ from the desired records (missing, extra, wrong TTL) — read only:
    /// healing re-applies them through the dispatcher, which also removes extra rows.
    public func drifted(_ desired: [BackendChange]) async throws -> [String] {
        try await prepareSchema()
        let (sync, logger, backend) = (self.sync, self.logger, name)
        var drifted: [String] = []
        for change in desired {
            guard let text = change.zoneText else { continue }
            let records = try Self.desiredRecords(domain: change.domain, zoneText: text)
            let zoneName = Self.zoneName(change.domain)
            let verification = try await pool.withConnection { connection in
                try sync.verify(
                    connection, zoneName: zoneName, zoneID: nil, desired: records, backend: backend, logger: logger, reconcile: false)
            }
            if !verification.matches || verification.extra > 0 { drifted.append(change.domain) }
        }
        return drifted
    }

    public func inventory() async throws -> Set<String> {
        try await prepareSchema()
        let sync = self.sync
        return try await pool.withConnection { try sync.inventory($0) }
    }

    /// Closes the pool's connections.
    public func close() { pool.close() }
}

/// The first failure recorded, read from any thread.
final class FirstFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?
    var reason: String? { lock.withLock { value } }
    func record(_ reason: String) { lock.withLock { if value == nil { value = reason } } }
}

/// A flag set once, read from any thread.
final class SchemaFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
