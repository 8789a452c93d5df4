import DNSZone
import Foundation
import Logging

/// Knot DNS running from its configuration database: one zone file per zone in `zones_dir`,
/// zones added and removed with `knotc` configuration transactions, changed zones loaded with
/// `zone-reload`. Every knotc call has `-b`, so zone events are waited for and their errors are
/// errors. Layout and server-side configuration: Sources/Backends/Knot/README.md.
///
/// A batch runs, one at a time (`KnotTransactionLock`: Knot allows one configuration
/// transaction, and a batch's steps must not interleave with another's):
/// 1. names that fail `SafeZoneName` are refused before anything runs;
/// 2. the template is checked once (`conf-read 'template[NAME]'`): it must load
///    `<zones_dir>/%s.zone`, since zones are added by name only;
/// 3. `conf-read zone.domain` says which zones Knot has (knotd down: every zone fails here, and
///    the dispatcher retries);
/// 4. the zone files are written atomically;
/// 5. zones to delete that Knot has are purged (`zone-purge -f … +expire +journal +timers
///    +kaspdb +catalog`: no journal is left to replay onto a zone added again later);
/// 6. one transaction: `conf-begin`, then on standard input `conf-set zone.domain A B …` for new
///    zones (plus `zone[A].template` unless the template is `default`) and `conf-unset
///    zone.domain X Y …` for removed ones, then `conf-commit`. A line knotc refuses aborts the
///    transaction (`conf-abort`); the zones it names fail and the rest go through in a second one;
/// 7. every new or changed zone is loaded (`KnotZoneLoading`): `zone-reload` (up to
///    `zonesPerCommand` names a call), so with `zonefile-load: difference` Knot journals the
///    difference and serves IXFR; a zone whose serial did not grow is loaded afresh. A zone Knot
///    cannot load fails with knotc's answer and, from a local `zone-check` (`KnotZoneCheck`), the
///    line and reason; Knot keeps serving its previous content;
/// 8. the files of removed zones are deleted.
///
/// Inventory: the zones in Knot's configuration that have a `<zone>.zone` file in `zones_dir`
/// (zones the operator configured by hand elsewhere are not ours).
public actor KnotBackend: DNSBackend {
    public nonisolated let name: String
    let settings: KnotBackendSettings
    private let control: KnotControl
    private let zonesDirectory: String
    private let loading: KnotZoneLoading
    private let lock = KnotTransactionLock()
    /// The serial last loaded for each zone since start-up (an update with a newer one is reloaded
    /// without asking Knot first).
    private var loadedSerials: [String: UInt32] = [:]
    /// Set once the template was found to load files from `zonesDirectory`.
    private var templateFits = false

    /// Creates the zones directory and removes the temporary files an interrupted write left.
    public init(name: String, settings: KnotBackendSettings, logger: Logger = Logger(label: "dadns.knot")) throws {
        self.name = name
        self.settings = settings
        control = KnotControl(settings: settings)
        try AtomicFile.makeDirectory(settings.zonesDirectory)
        let zonesDirectory = LocalPath.absolute(settings.zonesDirectory)
        self.zonesDirectory = zonesDirectory
        loading = KnotZoneLoading(
            control: control, check: KnotZoneCheck(settings: settings),
            zoneFile: { SafeZoneName.isSafe($0) ? "\(zonesDirectory)/\($0).zone" : nil })
        StaleTemporaryFiles.sweepOnStart(zonesDirectory: zonesDirectory, includeFile: nil, backend: name, logger: logger)
    }

    public nonisolated var standingProblem: String? {
        settings.knotcPath == nil ? "no knotc found ('\(settings.configuredKnotc)' is not on PATH): zones cannot reach Knot" : nil
    }

    /// Path of a zone's file; nil for a name that must never reach the file system or knotc.
    func zoneFile(_ domain: String) -> String? {
        loading.zoneFile(domain)
    }

    public func apply(_ changes: [BackendChange]) async -> [BackendOutcome] {
        if let refused = await ZoneNameGuard.refusing(changes, apply) { return refused }
        var outcomes = [BackendOutcome](repeating: .applied, count: changes.count)
        var pending: [Int] = []
        for (index, change) in changes.enumerated() {
            if zoneFile(change.domain) == nil {
                outcomes[index] = .failed("refused zone name '\(change.domain)'")
            } else {
                pending.append(index)
            }
        }
        guard !pending.isEmpty else { return outcomes }
        await lock.acquire()
        await applyInTurn(pending, changes, &outcomes)
        await lock.release()
        return outcomes
    }

    /// Steps 2–8 for the changes at `pending` (names already checked), holding the lock.
    private func applyInTurn(_ pending: [Int], _ changes: [BackendChange], _ outcomes: inout [BackendOutcome]) async {
        let configured: Set<String>
        switch await knotState() {
        case .failure(let failure):
            for index in pending { outcomes[index] = .failed(failure.description) }
            return
        case .success(let zones):
            configured = zones
        }
        var upserts = pending.filter { changes[$0].zoneText != nil }
        let deletes = pending.filter { changes[$0].zoneText == nil }
        for (index, error) in writeZoneFiles(upserts, changes) {
            outcomes[index] = .failed(error.description)
        }
        upserts.removeAll { outcomes[$0] != .applied }

        let domain = { (index: Int) in changes[index].domain }
        var removals = deletes.filter { configured.contains(domain($0)) }
        let purgeErrors = await control.zoneCommand(
            ["zone-purge", "-f"], zones: removals.map(domain), suffix: ["+expire", "+journal", "+timers", "+kaspdb", "+catalog"])
        for index in removals { if let error = purgeErrors[domain(index)] { outcomes[index] = .failed(error) } }
        removals.removeAll { outcomes[$0] != .applied }

        let additions = upserts.filter { !configured.contains(domain($0)) }
        let refused = await transaction(add: additions.map(domain), remove: removals.map(domain))
        for index in additions + removals { if let error = refused[domain(index)] { outcomes[index] = .failed(error) } }

        let loads = upserts.filter { outcomes[$0] == .applied }
        let texts = Dictionary(loads.map { (domain($0), changes[$0].zoneText ?? "") }) { first, _ in first }
        let loaded = await loading.load(loads.map(domain), texts: texts, known: configured, lastLoaded: loadedSerials)
        loadedSerials.merge(loaded.loaded) { $1 }
        let reloadErrors = loaded.errors
        for index in loads { if let error = reloadErrors[domain(index)] { outcomes[index] = .failed(error) } }

        let gone = deletes.filter { outcomes[$0] == .applied }
        for index in gone { loadedSerials[domain(index)] = nil }
        for (index, error) in zip(gone, AtomicFile.remove(batch: gone.compactMap { zoneFile(domain($0)) })) {
            if let error { outcomes[index] = .failed(error.description) }
        }
    }

    /// Steps 2 and 3: the template fits (checked once), and the zones Knot has.
    private func knotState() async -> Result<Set<String>, KnotControl.Failure> {
        if !templateFits {
            switch await control.expectSuccess(["conf-read", "template[\(settings.template)]"]) {
            case .failure(let failure):
                return .failure(KnotControl.Failure(description: unreachable(failure.description)))
            case .success(let output):
                let template = KnotTemplate(id: settings.template, confRead: output)
                if let mismatch = template.mismatch(zonesDirectory: zonesDirectory) {
                    return .failure(KnotControl.Failure(description: mismatch))
                }
                templateFits = true
            }
        }
        switch await control.expectSuccess(["conf-read", "zone.domain"]) {
        case .failure(let failure): return .failure(KnotControl.Failure(description: unreachable(failure.description)))
        case .success(let output): return .success(Set(KnotControlOutput.configuredZones(output).keys))
        }
    }

    /// A failed read of knotd's configuration, with the usual cause spelled out.
    private func unreachable(_ text: String) -> String {
        if text.contains("invalid identifier") && text.contains("template[") {
            return "Knot has no template '\(settings.template)' (\(text)): add it to knotd's configuration or set template"
        }
        let socket = settings.controlSocket ?? "knotc's default socket"
        let down = text.contains("failed to connect") || text.contains("connection refused") || text.contains("not exists")
        return (down ? "knotd does not answer on \(socket): " : "") + text
    }

    /// Step 4: the zone files, each on its own for a few, with one file-system flush for many;
    /// the failures.
    private func writeZoneFiles(_ indexes: [Int], _ changes: [BackendChange]) -> [(Int, AtomicFile.WriteError)] {
        let contents = indexes.compactMap { index in zoneFile(changes[index].domain).map { (path: $0, bytes: changes[index].zoneText ?? "") } }
        let errors: [AtomicFile.WriteError?]
        if contents.count > 3 {
            errors = AtomicFile.write(batch: contents)
        } else {
            errors = contents.map { content in
                do throws(AtomicFile.WriteError) {
                    try AtomicFile.write(content.bytes, to: content.path)
                    return nil
                } catch {
                    return error
                }
            }
        }
        return zip(indexes, errors).compactMap { index, error in error.map { (index, $0) } }
    }

    /// Step 6: one configuration transaction adding and removing zones; the zones it could not
    /// change, with knotc's words.
    private func transaction(add: [String], remove: [String]) async -> [String: String] {
        var add = add, remove = remove, refused: [String: String] = [:]
        for attempt in 1...2 where !add.isEmpty || !remove.isEmpty {
            let failAll = { (text: String) -> [String: String] in
                refused.merging((add + remove).map { ($0, text) }) { first, _ in first }
            }
            if case .failure(let failure) = await control.expectSuccess(["conf-begin"]) { return failAll(unreachable(failure.description)) }
            let reply: KnotControl.Reply
            switch await control.run([], script: script(add: add, remove: remove)) {
            case .failure(let failure):
                await abort()
                return failAll(failure.description)
            case .success(let result):
                reply = result
            }
            let errors = KnotControlOutput.configurationErrors(reply.result.errorOutput + "\n" + reply.result.output)
            if errors.isEmpty && reply.succeeded {
                if case .failure(let failure) = await control.expectSuccess(["conf-commit"]) {
                    await abort()
                    return failAll(failure.description)
                }
                return refused
            }
            await abort()
            let named = errors.filter { !$0.key.isEmpty && (add.contains($0.key) || remove.contains($0.key)) }
            guard attempt == 1, !named.isEmpty else {
                let text = errors.isEmpty ? reply.text : errors.values.sorted().joined(separator: "; ")
                return failAll("knotc configuration transaction: \(text)")
            }
            for (zone, error) in named { refused[zone] = "knotc configuration transaction for \(zone): \(error)" }
            add.removeAll { named[$0] != nil }
            remove.removeAll { named[$0] != nil }
        }
        return refused
    }

    /// The lines of a transaction, for knotc's standard input.
    private func script(add: [String], remove: [String]) -> [String] {
        let chunk = settings.zonesPerCommand
        var lines: [String] = []
        for start in stride(from: 0, to: add.count, by: chunk) {
            lines.append("conf-set zone.domain " + add[start..<min(add.count, start + chunk)].joined(separator: " "))
        }
        if settings.template != KnotBackendSettings.Defaults.template {
            lines += add.map { "conf-set zone[\($0)].template \(settings.template)" }
        }
        for start in stride(from: 0, to: remove.count, by: chunk) {
            lines.append("conf-unset zone.domain " + remove[start..<min(remove.count, start + chunk)].joined(separator: " "))
        }
        return lines
    }

    private func abort() async {
        _ = await control.run(["conf-abort"])
    }

    public func inventory() async throws -> Set<String> {
        switch await control.expectSuccess(["conf-read", "zone.domain"]) {
        case .failure(let failure):
            throw InventoryError(description: unreachable(failure.description))
        case .success(let output):
            let files = Set((try? FileManager.default.contentsOfDirectory(atPath: zonesDirectory)) ?? [])
            return Set(KnotControlOutput.configuredZones(output).keys.filter { SafeZoneName.isSafe($0) && files.contains("\($0).zone") })
        }
    }

    public struct InventoryError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Zones Knot lacks, or serves with other records than the desired text (owner, type and
    /// data compared; TTLs are not, see README), read with `zone-read`.
    public func drifted(_ desired: [BackendChange]) async throws -> [String] {
        try await drifted(desired, held: try await inventory())
    }

    /// `drifted` against `held`, the inventory as read at the start of a healing pass (not read
    /// again for every page of zones the pass compares).
    public func drifted(_ desired: [BackendChange], held: Set<String>) async throws -> [String] {
        let wanted = desired.filter { $0.zoneText != nil }
        let present = wanted.filter { held.contains($0.domain) }.map(\.domain)
        let served: [String: String]
        do {
            served = try await loading.servedContent(present)
        } catch {
            throw InventoryError(description: unreachable("\(error)"))
        }
        return wanted.filter { change in
            guard let text = change.zoneText, let servedText = served[change.domain] else { return true }
            return !KnotServedZone.matches(domain: change.domain, desired: text, served: servedText)
        }.map(\.domain)
    }
}
