import Backends
import Engine
import Foundation
import ZoneStore

/// Fills a node's store with DirectAdmin-shaped zones fast, for measurements at scale: the
/// zones go straight through the store's bulk import (`importZones`, `importJournal`) in big
/// transactions instead of one push each, every zone at generation 1 with its journal entry.
/// Backends named in `applied` hold every zone already: their applied state is `ok`, and a
/// `bind` backend gets its zone files and include written through the real `BindBackend`
/// (files only, no rndc), so a healing pass finds everything in line. With `nsdZonesDirectory`,
/// every zone's file is written there as `<zone>.db` too (the NSD backend's layout; the caller
/// hands NSD the zone list, see `BenchLatencyServer`).
struct BenchSeeder {
    /// The node's files: the store at `data/dadns.db`, bind's zone files in `zones/` and its
    /// include at `named.conf.include`.
    let directory: String
    let zones: Int
    let applied: [String]
    /// Zones per transaction.
    var chunk = 2000
    /// Where NSD's zone files go (`<zone>.db`), or nil for none.
    var nsdZonesDirectory: String?

    var storePath: String { directory + "/data/dadns.db" }
    var zonesDirectory: String { directory + "/zones" }
    var includeFile: String { directory + "/named.conf.include" }

    /// The name of zone `index` (`customer<index>.bench`, as `dadns-bench push` names them).
    static func domain(_ index: Int) -> String { "customer\(index).bench" }

    /// Writes the zones; returns the seconds it took.
    func seed() async throws -> Double {
        let started = Clock.now()
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        let store = try SQLiteZoneStore(path: storePath)
        let bind = applied.contains("bind")
            ? try BindBackend(name: "bind", settings: BindBackendSettings(zonesDirectory: zonesDirectory, includeFile: includeFile)) : nil
        let now = Date().timeIntervalSince1970
        for start in stride(from: 0, to: zones, by: chunk) {
            var rows: [StoredZone] = []
            var appliedRows: [StoredApplied] = []
            var journal: [JournalLine] = []
            var files: [BackendChange] = []
            for index in start..<min(start + chunk, zones) {
                let push = try Self.push(index)
                // Change times spread over the last 30 days, as a fleet's would be.
                let changedAt = now - Double(zones - index) * (30 * 86400 / Double(max(zones, 1)))
                let imported = ImportedPush(push, at: changedAt, appliedOn: applied)
                rows.append(imported.zone)
                appliedRows += imported.applied
                journal.append(imported.journal)
                files.append(BackendChange(domain: push.domain, zoneText: push.canonicalText))
            }
            if let nsdZonesDirectory {
                for file in files {
                    try BenchFiles.write(file.zoneText ?? "", to: "\(nsdZonesDirectory)/\(file.domain).db")
                }
            }
            if let bind {
                let failed = await bind.apply(files).filter { $0 != .applied }
                guard failed.isEmpty else { throw BenchError("the bind backend refused zone files: \(failed.prefix(3))") }
            }
            _ = try await store.importZones(rows, applied: appliedRows, force: false, at: now)
            _ = try await store.importJournal(journal)
        }
        return Clock.now() - started
    }

    /// Zone `index` accepted as a DirectAdmin push is (validated, canonical text, hash).
    static func push(_ index: Int) throws -> ZonePush {
        let domain = domain(index)
        let text = BenchDirectAdminZone.text(domain: domain, serial: 2024010101, index: index)
        switch ZoneIntake.accept(
            domain: domain, zoneText: Array(text.utf8), hostname: "da\(index % 3 + 1).example", username: "user\(index % 500)",
            clientAddress: nil, source: .directAdmin)
        {
        case .success(let accepted): return accepted.push
        case .failure(let rejection): throw BenchError("zone \(domain) refused: \(rejection)")
        }
    }
}
