import Foundation
import Logging

/// NSD: one zone file per zone, written atomically; zones added and removed at run time with
/// `nsd-control`, which NSD records in its own zone list file, so they survive a restart.
///
/// A batch runs in this order:
/// 1. every zone file is written (fsync, rename; for a big batch one `syncfs` before all the
///    renames instead of an fsync per file); names that fail `SafeZoneName` are refused before
///    anything touches the file system;
/// 2. the include file (`nsd_conf`), when set, is rewritten once, sorted;
/// 3. every zone with content goes through `addzone NAME PATTERN` (above `perZoneCommandLimit`
///    zones, `addzones` on standard input, `zonesPerBatchCommand` zones per command). NSD answers
///    "added" for a new zone, which it then loads from the file just written, or "already exists"
///    for a zone it has: those are reloaded with `reload NAME` (one `reload` of every changed file
///    above `fullReloadThreshold` zones). NSD's own answer decides whether a zone is new, so no
///    local state can go stale;
/// 4. every removed zone goes through `delzone` (`delzones` for many); its file is removed once
///    NSD has dropped it. "not present" counts as removed.
///
/// Once a command of a batch timed out, the rest of the batch's commands are not tried: their
/// zones fail at once (see `NSDCommandBatch`).
///
/// NSD may exit 0 and still print errors for single zones: the output is read zone by zone and
/// only the zones named in an error fail, with NSD's words (standard error and output) in the
/// outcome.
///
/// With `nsd_conf` set and included by nsd.conf, a zone is known to NSD twice: from the zone list
/// (it was added with `addzone`) and, after NSD restarts, from the include. NSD logs a harmless
/// "duplicate zone" error at start and keeps the include's definition; `addzone` then answers
/// "already exists" (a reload follows). `delzone` refuses a zone that came from nsd.conf ("zone
/// defined in nsd.conf"): the include no longer lists it, so one `reconfig` per batch drops it
/// (checked with `zonestatus`: a zone the operator defined in nsd.conf by hand stays, and fails).
/// NSD's zone list may keep its old line for such a zone, which brings it back (without a file:
/// SERVFAIL) at the next restart; `inventory()` then reports it under our pattern and a later
/// delete removes it for good. Without `nsd_conf` none of this arises: prefer the zone list.
///
/// A zone the operator defined by hand in nsd.conf, with a file of its own, also answers "already
/// exists" to `addzone`: it is reloaded, but NSD keeps serving the operator's file. Such zones are
/// not ours and do not appear in `inventory()`.
///
/// Inventory is what NSD says it serves (`zonestatus`): zones with our pattern, plus zones defined
/// in nsd.conf that our include file lists. Without nsd-control it is the include file, or else
/// the zone files present.
///
/// With `pattern_file`, catalog_zone` and `secondaries`: see `NSDBackend+Catalog.swift`.
public actor NSDBackend: DNSBackend {
    public nonisolated let name: String
    let settings: NSDBackendSettings
    let control: NSDControl
    /// Absolute zones directory (the include file names files by absolute path).
    private let zonesDirectory: String
    /// The zones in the include file (empty without one).
    private var includedZones: Set<String>
    /// The catalog this backend publishes (nil without `catalog_zone`).
    var catalogFile: CatalogFile?
    /// The catalog's name, as a set (empty without a catalog), kept out of the zone set.
    let catalogNames: Set<String>
    /// The zones the catalog should list, learnt from NSD at the first batch; nil until then.
    var catalogMembers: Set<String>?
    /// Whether NSD may not have loaded the catalog file, or the pattern file, as they are on disk.
    var catalogMayBeUnread = true
    var patternMayBeUnread: Bool

    public struct SettingsError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Checks the settings, creates the zones directory (and the include file when set) and
    /// removes the temporary files an interrupted write left in them (logged on `logger`).
    public init(name: String, settings: NSDBackendSettings, logger: Logger = Logger(label: "dadns.nsd")) throws {
        guard NSDBackendSettings.isSafePattern(settings.pattern) else {
            throw SettingsError(description: "pattern '\(settings.pattern)' is not a usable NSD pattern name")
        }
        self.name = name
        self.settings = settings
        control = NSDControl(settings: settings)
        try AtomicFile.makeDirectory(settings.zonesDirectory)
        zonesDirectory = LocalPath.absolute(settings.zonesDirectory)
        guard !zonesDirectory.contains("\""), !zonesDirectory.contains("\n") else {
            throw SettingsError(description: "zones_dir '\(settings.zonesDirectory)' cannot be written into nsd.conf")
        }
        if let zone = settings.catalog.catalog { catalogFile = CatalogFile(zone: zone, zonesDirectory: zonesDirectory) }
        catalogNames = Set(settings.catalog.catalog.map { [$0.name] } ?? [])
        patternMayBeUnread = settings.patternFile != nil
        if let patternFile = settings.patternFile {
            try AtomicFile.makeDirectory(AtomicFile.parentDirectory(of: patternFile))
            let text = NSDPatternFile.text(pattern: settings.pattern, zonesDirectory: zonesDirectory, catalog: settings.catalog)
            if FileReading.text(path: patternFile) != text { try AtomicFile.write(Array(text.utf8), to: patternFile) }
        }
        if let includeFile = settings.includeFile {
            try AtomicFile.makeDirectory(AtomicFile.parentDirectory(of: includeFile))
            includedZones = NSDIncludeFile.zones(inFile: includeFile).subtracting(catalogNames)
            if !FileManager.default.fileExists(atPath: includeFile) {
                try AtomicFile.write(Self.includeContents([], settings, zonesDirectory), to: includeFile)
            }
        } else {
            includedZones = []
        }
        StaleTemporaryFiles.sweepOnStart(zonesDirectory: zonesDirectory, includeFile: settings.includeFile, backend: name, logger: logger)
    }

    /// Path of a zone's file; nil for a name that must never reach the file system.
    func zoneFile(_ domain: String) -> String? {
        guard SafeZoneName.isSafe(domain) else { return nil }
        return "\(zonesDirectory)/\(domain).db"
    }

    /// The nsd_conf include for `zones`, each with the pattern's transfer settings when dadns
    /// writes the pattern for secondaries; rendered as it is written.
    private static func includeContents(_ zones: Set<String>, _ settings: NSDBackendSettings, _ zonesDirectory: String)
        -> ZoneIncludeContents<NSDIncludeFile>
    {
        NSDIncludeFile.contents(
            zones: zones, zonesDirectory: zonesDirectory, clauses: NSDPatternFile.includeClauses(pattern: settings.pattern, settings: settings))
    }

    public func apply(_ changes: [BackendChange]) async -> [BackendOutcome] {
        if let refused = await ZoneNameGuard.refusing(changes, apply) { return refused }
        var outcomes = [BackendOutcome](repeating: .applied, count: changes.count)
        var upserts: [Int] = [], deletes: [Int] = []
        var newIncluded = includedZones
        var writes: [(index: Int, path: String)] = []
        for (index, change) in changes.enumerated() {
            guard let path = zoneFile(change.domain), !catalogNames.contains(change.domain) else {
                outcomes[index] = .failed(catalogNames.contains(change.domain)
                    ? "refused zone '\(change.domain)': it is this backend's catalog_zone" : "refused zone name '\(change.domain)'")
                continue
            }
            if change.zoneText != nil {
                writes.append((index, path))
            } else {
                newIncluded.remove(change.domain)
                deletes.append(index)
            }
        }
        for (index, error) in writeZoneFiles(writes, changes) {
            if let error {
                outcomes[index] = .failed(error.description)
            } else {
                newIncluded.insert(changes[index].domain)
                upserts.append(index)
            }
        }
        if let includeFile = settings.includeFile, newIncluded != includedZones {
            do {
                try AtomicFile.write(Self.includeContents(newIncluded, settings, zonesDirectory), to: includeFile)
                includedZones = newIncluded
            } catch {
                // Zones entering or leaving the include this batch stay out of NSD until a retry.
                let moved = { (index: Int) in (changes[index].zoneText == nil) == self.includedZones.contains(changes[index].domain) }
                for index in upserts + deletes where moved(index) {
                    outcomes[index] = .failed("cannot update \(includeFile): \(error.description)")
                }
                upserts.removeAll(where: moved)
                deletes.removeAll(where: moved)
            }
        }
        guard settings.controlPath != nil else {
            for index in deletes { removeFile(of: changes[index], outcome: &outcomes[index]) }
            var files = NSDCommandBatch()
            await publishCatalog(changes, &outcomes, loading: false, batch: &files)
            return outcomes
        }
        var batch = NSDCommandBatch()
        await rereadPattern(&batch)
        await addAndReload(upserts, changes, &outcomes, &batch)
        await delete(deletes, changes, &outcomes, &batch)
        await publishCatalog(changes, &outcomes, loading: true, batch: &batch)
        return outcomes
    }

    /// Step 1: the zone files, each on its own for a few, with one file-system flush for many.
    private func writeZoneFiles(_ writes: [(index: Int, path: String)], _ changes: [BackendChange]) -> [(Int, AtomicFile.WriteError?)] {
        let contents = writes.map { (path: $0.path, bytes: changes[$0.index].zoneText ?? "") }
        if writes.count > settings.perZoneCommandLimit {
            return Array(zip(writes.map(\.index), AtomicFile.write(batch: contents)))
        }
        return zip(writes, contents).map { write, content -> (Int, AtomicFile.WriteError?) in
            do throws(AtomicFile.WriteError) {
                try AtomicFile.write(content.bytes, to: content.path)
                return (write.index, nil)
            } catch {
                return (write.index, error)
            }
        }
    }

    /// `addzone(s)` or `delzone(s)` for the changes at `indexes`: each with its domain and NSD's
    /// reply (nil when NSD said nothing about it).
    func changeZones(
        _ indexes: [Int], _ changes: [BackendChange], deleting: Bool, _ batch: inout NSDCommandBatch
    ) async -> [(index: Int, domain: String, reply: NSDControlOutput.ZoneReply?)] {
        let replies = await control.changeZones(indexes.map { changes[$0].domain }, deleting: deleting, batch: &batch)
        return indexes.map { ($0, changes[$0].domain, replies[changes[$0].domain]) }
    }

    /// Step 3: `addzone(s)` for every zone with content, then a reload of those NSD already had.
    private func addAndReload(
        _ upserts: [Int], _ changes: [BackendChange], _ outcomes: inout [BackendOutcome], _ batch: inout NSDCommandBatch
    ) async {
        guard !upserts.isEmpty else { return }
        var reloads: [Int] = []
        for (index, domain, reply) in await changeZones(upserts, changes, deleting: false, &batch) {
            switch reply {
            case .added: break
            case .alreadyPresent: reloads.append(index)
            case .failed(let text), .definedInConfig(let text): outcomes[index] = .failed("nsd-control addzone \(domain): \(text)")
            case .removed, .notPresent, nil: outcomes[index] = .failed("nsd-control addzone \(domain): no answer for this zone")
            }
        }
        if reloads.count > settings.fullReloadThreshold {
            if let failure = await control.run(["reload"], batch: &batch) {
                for index in reloads { outcomes[index] = .failed("nsd-control reload: \(failure)") }
            }
        } else {
            for index in reloads {
                if let failure = await control.run(["reload", changes[index].domain], batch: &batch) {
                    outcomes[index] = .failed("nsd-control reload \(changes[index].domain): \(failure)")
                }
            }
        }
    }

    /// Step 4: `delzone(s)`; zones NSD has from nsd.conf are dropped by one `reconfig` once the
    /// include no longer lists them. Files go once NSD no longer serves the zone.
    private func delete(
        _ deletes: [Int], _ changes: [BackendChange], _ outcomes: inout [BackendOutcome], _ batch: inout NSDCommandBatch
    ) async {
        guard !deletes.isEmpty else { return }
        var fromConfig: [Int] = []
        for (index, domain, reply) in await changeZones(deletes, changes, deleting: true, &batch) {
            switch reply {
            case .removed, .notPresent: break
            case .definedInConfig(let text):
                if settings.includeFile != nil && !includedZones.contains(domain) {
                    fromConfig.append(index)
                } else {
                    outcomes[index] = .failed("nsd-control delzone \(domain): \(text) (not a zone of our include file)")
                }
            case .failed(let text): outcomes[index] = .failed("nsd-control delzone \(domain): \(text)")
            case .added, .alreadyPresent, nil: outcomes[index] = .failed("nsd-control delzone \(domain): no answer for this zone")
            }
        }
        if !fromConfig.isEmpty {
            await dropWithReconfig(fromConfig, changes, &outcomes, &batch)
        }
        let gone = deletes.filter { outcomes[$0] == .applied }
        if gone.count > settings.perZoneCommandLimit {
            let errors = AtomicFile.remove(batch: gone.compactMap { zoneFile(changes[$0].domain) })
            for (index, error) in zip(gone, errors) {
                if let error { outcomes[index] = .failed(error.description) }
            }
        } else {
            for index in gone { removeFile(of: changes[index], outcome: &outcomes[index]) }
        }
    }

    /// `reconfig` for zones NSD has from nsd.conf, then `zonestatus` to see that they are gone: a
    /// zone the operator defined in nsd.conf outside our include stays, and fails.
    private func dropWithReconfig(
        _ indexes: [Int], _ changes: [BackendChange], _ outcomes: inout [BackendOutcome], _ batch: inout NSDCommandBatch
    ) async {
        if let failure = await control.run(["reconfig"], batch: &batch) {
            for index in indexes { outcomes[index] = .failed("nsd-control reconfig: \(failure)") }
            return
        }
        switch await control.zoneStatus(batch: &batch) {
        case .success(let served):
            for index in indexes where served[changes[index].domain] != nil {
                outcomes[index] = .failed(
                    "nsd-control delzone \(changes[index].domain): zone defined in nsd.conf outside \(settings.includeFile ?? "our include"); still served after reconfig")
            }
        case .failure(let error):
            for index in indexes { outcomes[index] = .failed("nsd-control zonestatus after reconfig: \(error.description)") }
        }
    }

    private func removeFile(of change: BackendChange, outcome: inout BackendOutcome) {
        guard let path = zoneFile(change.domain) else { return }
        do {
            try AtomicFile.remove(path)
        } catch {
            outcome = .failed(error.description)
        }
    }

    public func inventory() async throws -> Set<String> {
        guard settings.controlPath != nil else {
            return settings.includeFile != nil ? includedZones : zoneFilesPresent().subtracting(catalogNames)
        }
        var batch = NSDCommandBatch()
        switch await control.zoneStatus(batch: &batch) {
        case .failure(let error):
            throw InventoryError(description: "nsd-control zonestatus: \(error.description)")
        case .success(let status):
            var zones: Set<String> = []
            for (zone, pattern) in status where SafeZoneName.isSafe(zone) {
                if pattern == settings.pattern || (pattern == nil && includedZones.contains(zone)) { zones.insert(zone) }
            }
            return zones.subtracting(catalogNames)
        }
    }

    public struct InventoryError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Zones NSD does not hold, or whose `<zone>.db` is missing or differs from the desired text:
    /// a file changed behind dadns's back is what NSD loads on its next reload or restart.
    public func drifted(_ desired: [BackendChange]) async throws -> [String] {
        try await drifted(desired, held: try await inventory())
    }

    /// `drifted` against `held`, the inventory as read at the start of a healing pass.
    public func drifted(_ desired: [BackendChange], held: Set<String>) async throws -> [String] {
        await ZoneFileDrift.drifted(desired.map { .init(domain: $0.domain, path: zoneFile($0.domain), text: $0.zoneText) }, held: held)
    }

    /// Zones with a `<name>.db` file in the zones directory.
    private func zoneFilesPresent() -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: zonesDirectory)) ?? []
        return Set(names.filter { $0.hasSuffix(".db") }.map { String($0.dropLast(3)) }.filter(SafeZoneName.isSafe))
    }
}
