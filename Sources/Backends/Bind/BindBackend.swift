import Foundation
import Logging

/// BIND: one zone file per zone, written atomically; an include file listing the zones,
/// rewritten atomically once per batch; then rndc — `reconfig` when the zone set changed,
/// `reload <zone>` for changed zones (or one `reload` for a big batch).
///
/// A batch with few new zones among many held adds them by `rndc addzone` instead of the
/// include and a reconfig (`zone_config`, `BindZoneConfig`); those are listed in
/// `<named_conf>.added` (`BindAddedZones`), deleted by `rndc delzone`, and never in the include.
///
/// With `catalog_zone` set, the include also declares the catalog (`<zones_dir>/<catalog>.db`),
/// rewritten in the same batch as the include whenever the zone set changes and reloaded right
/// after the `reconfig`. With `secondaries`, every zone of the include carries the transfer and
/// notify clauses (`BindIncludeFile.transferClauses`).
public actor BindBackend: DNSBackend {
    public nonisolated let name: String
    let settings: BindBackendSettings
    /// Absolute zones directory (the include file names files by absolute path).
    let zonesDirectory: String
    /// Absolute path of the include file, as named.conf must name it.
    private let includePath: String
    /// The zones in the include file.
    var zones: Set<String>
    /// Whether named may not have read the include as it is on disk: true at start (named may
    /// have been running on an older include) and after a failed `reconfig`; the next batch then
    /// reconfigures even if its own changes do not need it. Without this, a zone whose first
    /// `reconfig` failed would be retried with `reload <zone>`, which named refuses for a zone it
    /// never loaded.
    var includeMayBeUnread = true
    /// The last `rndc reconfig` that succeeded (`ReconfigPacing`).
    var lastReconfig: ReconfigPacing.Reconfig?
    /// The catalog this backend publishes (nil without `catalog_zone`).
    private var catalogFile: CatalogFile?
    /// Whether named may not have loaded the catalog file as it is on disk (at start, after a
    /// failed reload).
    private var catalogMayBeUnread = true
    /// The catalog's name, as a set (empty without a catalog), to keep it out of the zone set.
    let catalogNames: Set<String>
    let logger: Logger
    /// The zones named holds by `rndc addzone`, as `<named_conf>.added` lists them.
    var addedZones: BindAddedZones
    let addedZonesPath: String
    /// Whether the zones `.added` marks as half-done were settled with named (`settleAddedZones`).
    var addedZonesSettled = false
    /// Until when `rndc addzone` is not tried, after named refused it.
    var addzoneRefusedUntil: ContinuousClock.Instant?

    /// Creates the zones directory and the include file when missing, and removes the temporary
    /// files an interrupted write left in them (logged on `logger`).
    public init(name: String, settings: BindBackendSettings, logger: Logger = Logger(label: "dadns.bind")) throws {
        self.name = name
        self.settings = settings
        self.logger = logger
        try AtomicFile.makeDirectory(settings.zonesDirectory)
        let zonesDirectory = LocalPath.absolute(settings.zonesDirectory)
        self.zonesDirectory = zonesDirectory
        includePath = LocalPath.absolute(settings.includeFile)
        try AtomicFile.makeDirectory(AtomicFile.parentDirectory(of: settings.includeFile))
        StaleTemporaryFiles.sweepOnStart(zonesDirectory: zonesDirectory, includeFile: settings.includeFile, backend: name, logger: logger)
        var catalogFile = settings.catalog.catalog.map { CatalogFile(zone: $0, zonesDirectory: zonesDirectory) }
        catalogNames = Set(catalogFile.map { [$0.zone.name] } ?? [])
        let zones = BindIncludeFile.zones(inFile: settings.includeFile).subtracting(catalogNames)
        addedZonesPath = BindAddedZones.path(forInclude: settings.includeFile)
        let addedZones = BindAddedZones(text: FileReading.text(path: addedZonesPath) ?? "")
        self.addedZones = addedZones
        let include = Self.includeContents(zones.union(catalogNames), settings, zonesDirectory)
        // With a catalog or secondaries configured, the include is brought to them at once (the
        // first batch reconfigures); without, an existing include is left as it is.
        let outOfDate = !settings.catalog.isEmpty && FileReading.text(path: settings.includeFile) != include.text
        if !FileManager.default.fileExists(atPath: settings.includeFile) || outOfDate {
            try AtomicFile.write(include, to: settings.includeFile)
        }
        _ = try catalogFile?.update(to: zones.union(addedZones.members))
        self.catalogFile = catalogFile
        self.zones = zones
    }

    /// The include for `zones` (the catalog among them) with the transfer clauses, rendered as it
    /// is written.
    private static func includeContents(_ zones: Set<String>, _ settings: BindBackendSettings, _ zonesDirectory: String)
        -> ZoneIncludeContents<BindIncludeFile>
    {
        BindIncludeFile.contents(
            zones: zones, zonesDirectory: zonesDirectory,
            preamble: BindIncludeFile.preamble(settings.catalog), clauses: BindIncludeFile.transferClauses(settings.catalog))
    }

    public nonisolated var standingProblem: String? { settings.rndcProgram.problem }

    /// Most zones a batch takes when `dns.batch_size` is not set. `rndc reconfig` costs about
    /// 30 µs per configured zone whatever changed (2.8–3.6 s at 100,000), so the number of
    /// reconfigs, not their size, decides a bulk push's time: with 500 a push of 100,000 zones
    /// needed 200+ reconfigs (~300 s); with this cap a batch takes what accumulated during the
    /// last reconfig. 10,000, not unbounded, keeps a catch-up batch's texts in memory to tens of
    /// MB (docs/benchmarks.md, "named at 100,000 zones").
    public static let bulkBatchSize = 10_000

    public nonisolated var preferredBatchSize: Int? { Self.bulkBatchSize }

    public func inventory() async throws -> Set<String> {
        await settleAddedZones()
        // The include is what named loads, even if someone edited it behind our back; the next
        // batch rewrites it whole if a zone went missing. With the zones added by rndc addzone.
        rereadInclude()
        return zones.union(addedZones.zones)
    }

    /// Sets `zones` to the include as it is on disk (the catalog left out). Read without
    /// suspending, so no batch can interleave with the read.
    func rereadInclude() {
        zones = BindIncludeFile.zones(inFile: settings.includeFile).subtracting(catalogNames)
    }

    /// Zones missing from the include, or whose file is missing or differs from the desired text.
    public func drifted(_ desired: [BackendChange]) async throws -> [String] {
        try await drifted(desired, held: try await inventory())
    }

    /// `drifted` against `listed`, the include as read at the start of a healing pass.
    public func drifted(_ desired: [BackendChange], held listed: Set<String>) async throws -> [String] {
        await ZoneFileDrift.drifted(desired.map { .init(domain: $0.domain, path: zoneFile($0.domain), text: $0.zoneText) }, held: listed)
    }

    /// Path of a zone's file; nil for a name that must never reach the file system.
    func zoneFile(_ domain: String) -> String? {
        guard BindIncludeFile.isSafeZoneName(domain) else { return nil }
        return "\(zonesDirectory)/\(domain).db"
    }

    public func apply(_ changes: [BackendChange]) async -> [BackendOutcome] {
        if let refused = await ZoneNameGuard.refusing(changes, apply) { return refused }
        await settleAddedZones()
        var outcomes = [BackendOutcome](repeating: .applied, count: changes.count)
        var newZones = zones
        var reloads: [Int] = []  // indexes of changes to existing zones
        // Zone files first, all in one flush; then the include and rndc for what was written.
        // Written from the changes' texts as they are, not from byte copies of the whole batch.
        var writes: [(index: Int, path: String, text: String)] = []
        var removals: [(index: Int, path: String)] = []
        for (index, change) in changes.enumerated() {
            guard let path = zoneFile(change.domain) else {
                outcomes[index] = .failed("refused zone name '\(change.domain)'")
                continue
            }
            if catalogNames.contains(change.domain) {
                outcomes[index] = .failed("refused zone '\(change.domain)': it is this backend's catalog_zone")
                continue
            }
            if let text = change.zoneText {
                writes.append((index, path, text))
            } else {
                removals.append((index, path))
            }
        }
        let files = writes.map { (path: $0.path, bytes: $0.text) }, paths = removals.map(\.path)
        let (writeErrors, removeErrors) = await BlockingWork.run {
            (AtomicFile.write(batch: files), AtomicFile.remove(batch: paths))
        }
        // Zones named holds by rndc addzone are changed by rndc (reload, delzone), never listed in
        // the include; a new zone goes by addzone when the batch has few (`BindZoneConfig`).
        var newIndexes: [Int] = [], addzones: [Int] = [], delzones: [Int] = []
        for (write, error) in zip(writes, writeErrors) {
            let domain = changes[write.index].domain
            if let error {
                outcomes[write.index] = .failed(error.description)
            } else if let state = addedZones[domain] {
                // A zone whose addzone or delzone was not seen to succeed is added again.
                if state == .live { reloads.append(write.index) } else { addzones.append(write.index) }
            } else if zones.contains(domain) {
                reloads.append(write.index)
            } else {
                newIndexes.append(write.index)
            }
        }
        for (removal, error) in zip(removals, removeErrors) {
            let domain = changes[removal.index].domain
            if addedZones[domain] != nil { delzones.append(removal.index) } else { newZones.remove(domain) }
            if let error { outcomes[removal.index] = .failed(error.description) }
        }
        let addzoneLimit = settings.zoneConfig.addzoneLimit(zonesHeld: zones.count + addedZones.states.count)
        if addzoneAllowedNow, !newIndexes.isEmpty, newIndexes.count <= addzoneLimit {
            addzones += newIndexes
        } else {
            for index in newIndexes { newZones.insert(changes[index].domain) }
        }
        // Once an rndc command of this batch timed out, named is hung or unreachable: the
        // remaining commands are not tried (each would wait as long, holding the lane for a
        // timeout per zone); their zones fail now and are retried on the schedule.
        var timedOut: String?
        // The changes made by rndc addzone/delzone, whatever their outcome: not the include's.
        var byRndc = Set(addzones + delzones)
        if !addzones.isEmpty || !delzones.isEmpty {
            let viaInclude = await changeAddedZones(adds: addzones, deletes: delzones, changes, &outcomes, timedOut: &timedOut)
            for index in viaInclude {
                newZones.insert(changes[index].domain)
                byRndc.remove(index)
            }
        }
        let setChanged = newZones != zones
        // False once the include could not be written: named keeps the zone set it has, and
        // the zones changed in place are still reloaded below.
        var includeWritten = true
        // The catalog is written with the include, in the same flush, when its members change.
        let catalog = catalogFile.flatMap { file in
            file.pending(newZones.union(addedZones.members)).map { (path: file.path, members: newZones.union(addedZones.members), next: $0) }
        }
        if setChanged || catalog != nil {
            // The include is rendered as it is written (10 MB at 100,000 zones), never whole.
            var files: [(path: String, bytes: EitherFileContents<ZoneIncludeContents<BindIncludeFile>, [UInt8]>)] = []
            if setChanged { files.append((settings.includeFile, .first(Self.includeContents(newZones.union(catalogNames), settings, zonesDirectory)))) }
            if let catalog { files.append((catalog.path, .second(catalog.next.bytes))) }
            let batch = files
            let errors = await BlockingWork.run { AtomicFile.write(batch: batch) }
            let includeError = setChanged ? errors.first ?? nil : nil
            if let catalog {
                if let error = errors.last ?? nil {
                    // Consumers would not learn of the zones added or removed: retried with them.
                    for (index, change) in changes.enumerated() where outcomes[index] == .applied && !reloads.contains(index) {
                        outcomes[index] = .failed("cannot write catalog \(catalog.path) for \(change.domain): \(error.description)")
                    }
                } else {
                    catalogFile?.written(catalog.members, serial: catalog.next.serial)
                    catalogMayBeUnread = true
                }
            }
            if includeError == nil {
                zones = newZones
            } else if let error = includeError {
                // The include did not change: zones added or removed in this batch are not live.
                for (index, change) in changes.enumerated()
                where !byRndc.contains(index) && (change.zoneText == nil) == zones.contains(change.domain) {
                    outcomes[index] = .failed("cannot update \(settings.includeFile): \(error.description)")
                }
                includeWritten = false
            }
        }
        guard settings.rndcPath != nil else { return outcomes }
        let needsReconfig = (setChanged && includeWritten) || includeMayBeUnread
        if needsReconfig, let timedOut {
            includeMayBeUnread = true
            for index in changes.indices where !reloads.contains(index) && !byRndc.contains(index) && outcomes[index] == .applied {
                outcomes[index] = .failed("rndc reconfig: not tried: \(timedOut) timed out in this batch")
            }
        } else if needsReconfig {
            let wait = settings.zoneConfig.pacing.wait(now: .now, after: lastReconfig)
            if wait > .zero {
                logger.debug("\(name): rndc reconfig paced: waiting \(wait) after the last one took \(lastReconfig?.duration ?? .zero)")
                try? await Task.sleep(for: wait)
            }
            let started = ContinuousClock.now
            if let failure = await runRndc(["reconfig"]) {
                includeMayBeUnread = true
                if failure.timedOut { timedOut = "rndc reconfig" }
                // Zones added or removed in this batch are not live until named re-reads its config.
                for index in changes.indices where !reloads.contains(index) && !byRndc.contains(index) && outcomes[index] == .applied {
                    outcomes[index] = .failed("rndc reconfig: \(failure.text)")
                }
            } else {
                includeMayBeUnread = false
                lastReconfig = .init(ended: .now, duration: ContinuousClock.now - started)
            }
        }
        if let catalogName = catalogFile?.zone.name, catalogMayBeUnread, timedOut == nil {
            if let failure = await runRndc(["reload", catalogName]) {
                if failure.timedOut { timedOut = "rndc reload \(catalogName)" }
                for index in changes.indices where !reloads.contains(index) && outcomes[index] == .applied {
                    outcomes[index] = .failed("rndc reload \(catalogName) (the catalog): \(failure.text)")
                }
            } else {
                catalogMayBeUnread = false
            }
        }
        let toReload = reloads.filter { outcomes[$0] == .applied }
        if toReload.count > settings.fullReloadThreshold {
            if let failure = await runRndc(["reload"]) {
                for index in toReload { outcomes[index] = .failed("rndc reload: \(failure.text)") }
            }
        } else {
            var notHeld: [Int] = []  // reloads named answered "no such zone" for
            for index in toReload {
                let domain = changes[index].domain
                if let timedOut {
                    outcomes[index] = .failed("rndc reload \(domain): not tried: \(timedOut) timed out in this batch")
                } else if let failure = await runRndc(["reload", domain]) {
                    outcomes[index] = .failed("rndc reload \(domain): \(failure.text)")
                    if failure.timedOut { timedOut = "rndc reload \(domain)" }
                    if !failure.timedOut, Self.saysZoneNotFound(failure.text), addedZones[domain] == nil { notHeld.append(index) }
                }
            }
            if !notHeld.isEmpty { await addAgainIfGoneFromTheInclude(notHeld, changes, &outcomes) }
        }
        return outcomes
    }

    /// Runs rndc; returns nil on success or the failure in words and whether it timed out.
    func runRndc(_ arguments: [String]) async -> (text: String, timedOut: Bool)? {
        guard let command = settings.rndc(arguments) else { return nil }
        do {
            let result = try await CommandRunner.run(command, timeout: settings.commandTimeout)
            return result.status == 0 && !result.timedOut ? nil : (Self.withIncludeHint(result.summary, includePath), result.timedOut)
        } catch {
            return ("cannot run \(command[0]): \(error)", false)
        }
    }

    /// Whether rndc's failure is named saying it holds no such zone.
    static func saysZoneNotFound(_ failure: String) -> Bool {
        let lowered = failure.lowercased()
        return lowered.contains("not found") || lowered.contains("no matching zone")
    }

    /// named answers `not found` / `no matching zone` for a zone it never loaded: most often
    /// because named.conf does not include the file dadns writes. Says so, with the path.
    static func withIncludeHint(_ failure: String, _ includePath: String) -> String {
        guard saysZoneNotFound(failure) else { return failure }
        return failure + " — is include \"\(includePath)\"; in named.conf?"
    }
}
