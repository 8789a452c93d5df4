import DNSZone
import Logging

/// PowerDNS Authoritative over its HTTP API (`/api/v1/servers/<server_id>`). A new zone is one
/// `POST /zones` with all its RRsets (account `dadns`, SOA-EDIT-API off so our serial is served
/// as it is); a changed zone is read (`GET`) and brought to the new content by one `PATCH`
/// (REPLACE for new or changed RRsets, DELETE for vanished ones), which PowerDNS applies in one
/// transaction: the zone is never missing and records are never replaced by `PUT`. Either is
/// followed by an empty `PATCH` that purges PowerDNS's caches of the zone (`purgeCaches`). A removed
/// zone is one `DELETE`. A zone whose text is signed (RRSIGs) gets the PRESIGNED metadata and its
/// NSEC3 parameters (`matchPresigned`). Zones under another account are left alone. At most
/// `parallelRequests` zones of a batch are in flight; an unreachable server fails the rest of
/// the batch at once (the lane retries).
public final class PowerDNSBackend: DNSBackend {
    public let name: String
    public let settings: PowerDNSSettings
    let logger: Logger
    /// `dns.backends.<name>.api_key`: what errors about the key name (never its value).
    let keyPath: String
    /// PowerDNS's database for what the API refuses a pre-signed zone (`gsqlite3_database` or
    /// `gmysql_dbname`); nil: API only.
    let signedDatabase: PowerDNSSignedZoneDatabase?

    public init(name: String, settings: PowerDNSSettings, logger: Logger) {
        self.name = name
        self.settings = settings
        var logger = logger
        logger[metadataKey: "backend"] = "\(name)"
        self.logger = logger
        keyPath = "dns.backends.\(name).api_key"
        signedDatabase = PowerDNSSignedZoneDatabase(settings)
    }

    /// Runs `body` with an API client shut down afterwards.
    func withAPI<T: Sendable>(_ body: (PowerDNSAPI) async throws -> T) async throws -> T {
        try await PowerDNSAPI.with(settings, keyPath: keyPath, body)
    }

    public func apply(_ changes: [BackendChange]) async -> [BackendOutcome] {
        if let refused = await ZoneNameGuard.refusing(changes, apply) { return refused }
        guard !changes.isEmpty else { return [] }
        do {
            return try await withAPI { api in
                // A big batch (a first load, a bulk change) asks for the zone list once, so that new
                // zones go straight to POST instead of each being looked for first.
                let existing = changes.count >= Self.listingBatchSize ? try await self.existingZones(api) : nil
                let unreachable = FirstFailure()
                return await boundedTasks(count: changes.count, limit: settings.parallelRequests, placeholder: .failed("not applied")) {
                    index in
                    if let reason = unreachable.reason { return .failed(reason) }
                    do {
                        try await self.applyOne(changes[index], api, existing: existing)
                        return .applied
                    } catch {
                        let failure = error as? PowerDNSError
                        let reason = "\(self.settings): \(failure?.description ?? "\(error)")"
                        if failure?.isUnreachable == true { unreachable.record(reason) }
                        return .failed(reason)
                    }
                }
            }
        } catch {
            let reason = "\(settings): \(error)"
            return changes.map { _ in .failed(reason) }
        }
    }

    /// From this many zones in a batch on, `apply` lists the server's zones first.
    static let listingBatchSize = 50

    /// The names (absolute, lower case) of every zone the server has.
    private func existingZones(_ api: PowerDNSAPI) async throws -> Set<String> {
        Set(try await api.zones().map { PowerDNSZoneID.absolute($0.name) })
    }

    /// Brings one zone to its change: created, patched, or deleted. `existing`: the server's zones
    /// when listed for this batch; a zone not among them is created without looking for it first.
    private func applyOne(_ change: BackendChange, _ api: PowerDNSAPI, existing: Set<String>?) async throws {
        let zoneName = PowerDNSZoneID.absolute(change.domain)
        guard let text = change.zoneText else {
            guard let held = try await api.zone(change.domain, rrsets: false) else { return }
            guard held.account == PowerDNSAPI.account else {
                logger.warning("\(PowerDNSError.foreignZone(zone: zoneName, account: held.account ?? ""))")
                return  // not ours: nothing of this program's is left to remove
            }
            try await api.delete(change.domain)
            logger.debug("removed \(zoneName)")
            return
        }
        let desired: PowerDNSZoneContent
        do {
            desired = try PowerDNSZoneContent(domain: change.domain, zoneText: text)
        } catch {
            throw PowerDNSError.garbage("zone text does not parse: \(error)")
        }
        for key in desired.mixedTTLs {
            logger.warning(
                "\(zoneName): \(key.name) \(key.type) has records with different TTLs; PowerDNS keeps one per RRset: all get \(desired.rrsets[key]?.ttl ?? 0), the first record's, as BIND serves them")
        }
        let newZone = PowerDNSNewZone(name: zoneName, kind: settings.zoneKind, account: PowerDNSAPI.account, rrsets: desired.apiRRsets)
        if let existing, !existing.contains(zoneName) {
            do {
                try await create(newZone, api)
                return try await matchPresigned(zoneName, desired, held: nil, api)
            } catch PowerDNSError.rejected(409, _) {
                // Created by someone else since the listing: look at it as at any existing zone.
            }
        }
        guard let held = try await api.zone(change.domain) else {
            try await create(newZone, api)
            return try await matchPresigned(zoneName, desired, held: nil, api)
        }
        guard held.account == PowerDNSAPI.account else {
            throw PowerDNSError.foreignZone(zone: zoneName, account: held.account ?? "")
        }
        let changes = desired.patch(from: PowerDNSZoneContent(served: held.rrsets ?? [], domain: change.domain))
        if !changes.isEmpty {
            try await api.patch(change.domain, changes)
            try await api.purgeCaches(change.domain)
        }
        if let kind = held.kind, kind.lowercased() != settings.zoneKind.lowercased() { try await api.setKind(change.domain, settings.zoneKind) }
        try await matchPresigned(zoneName, desired, held: held, api)
        logger.debug("patched \(zoneName): \(changes.count) RRset(s) changed")
    }

    /// `POST /zones`, then the empty PATCH that purges PowerDNS's caches of the new zone's names.
    private func create(_ zone: PowerDNSNewZone, _ api: PowerDNSAPI) async throws {
        try await api.create(zone)
        try await api.purgeCaches(zone.name)
        logger.debug("created \(zone.name): \(zone.rrsets.count) RRset(s)")
    }

    /// The zones under account `dadns` (lower case, without the trailing dot).
    public func inventory() async throws -> Set<String> {
        let zones = try await withAPI { try await $0.zones() }
        return Set(zones.filter { $0.account == PowerDNSAPI.account }.map { zone in
            let name = zone.name.lowercased()
            return name.hasSuffix(".") ? String(name.dropLast()) : name
        })
    }

    /// Zones PowerDNS lacks or serves with other content (a record changed, added, removed or
    /// disabled behind our back, a TTL changed) — read only: healing re-applies them.
    public func drifted(_ desired: [BackendChange]) async throws -> [String] {
        let zones = desired.filter { $0.zoneText != nil }
        let found: [Result<Bool, any Error>] = try await withAPI { api in
            await boundedTasks(count: zones.count, limit: settings.parallelRequests, placeholder: .success(false)) { index in
                let change = zones[index]
                do {
                    guard let text = change.zoneText, let wanted = try? PowerDNSZoneContent(domain: change.domain, zoneText: text)
                    else { return .success(true) }
                    guard let held = try await api.zone(change.domain), held.account == PowerDNSAPI.account else { return .success(true) }
                    guard wanted.matches(PowerDNSZoneContent(served: held.rrsets ?? [], domain: change.domain)) else { return .success(true) }
                    // A signed zone with gsqlite3_database or gmysql_dbname: also its PRESIGNED and ordernames.
                    guard wanted.isPresigned, let database = self.signedDatabase else { return .success(false) }
                    return .success(!(try await database.isPresigned(change.domain)))
                } catch {
                    return .failure(error)
                }
            }
        }
        var drifted: [String] = []
        for (change, result) in zip(zones, found) where try result.get() { drifted.append(change.domain) }
        return drifted
    }
}
