/// Secondaries and the catalog on NSD (Debian 12 has NSD 4.6, which cannot produce catalogs
/// itself: dadns writes it, as for BIND).
///
/// - `pattern_file`: dadns writes the pattern (zonefile, `provide-xfr:` and `notify:` per
///   secondary) and has NSD re-read it with one `reconfig` in the first batch after start, so
///   every zone `addzone`d with the pattern is served to the secondaries.
/// - `catalog_zone`: the catalog's file (`<zones_dir>/<catalog>.db`) is rewritten at the end of a
///   batch that changed the zone set, with the next serial, and added with the same pattern
///   (`addzone`, or `reload` when NSD has it), so NSD notifies the secondaries of it. Its members
///   are what NSD holds (`inventory()` at the first batch) plus the zones added, minus the zones
///   removed; a change whose catalog update failed fails too, and is retried with it.
extension NSDBackend {
    /// `reconfig` once after start when dadns writes the pattern (it may be new or changed).
    func rereadPattern(_ batch: inout NSDCommandBatch) async {
        guard patternMayBeUnread else { return }
        if await control.run(["reconfig"], batch: &batch) == nil { patternMayBeUnread = false }
    }

    /// Rewrites the catalog for this batch's outcomes and has NSD load it (`loading` false: no
    /// nsd-control, the file only).
    func publishCatalog(_ changes: [BackendChange], _ outcomes: inout [BackendOutcome], loading: Bool, batch: inout NSDCommandBatch) async {
        guard var file = catalogFile else { return }
        let before: Set<String>
        if let known = catalogMembers {
            before = known
        } else {
            before = (try? await inventory()) ?? file.members ?? []
        }
        var members = before
        for (change, outcome) in zip(changes, outcomes) where outcome == .applied && !catalogNames.contains(change.domain) {
            if change.zoneText == nil { members.remove(change.domain) } else { members.insert(change.domain) }
        }
        // The changes that enter or leave the catalog: they fail when it cannot follow them.
        let moved = changes.indices.filter { outcomes[$0] == .applied && (changes[$0].zoneText == nil) == before.contains(changes[$0].domain) }
        do {
            if try file.update(to: members) { catalogMayBeUnread = true }
            catalogFile = file
            catalogMembers = members
        } catch {
            for index in moved {
                outcomes[index] = .failed("cannot write catalog \(file.path): \(error.description)")
            }
            return
        }
        guard catalogMayBeUnread, loading else { return }
        if let failure = await loadCatalog(file.zone.name, &batch) {
            for index in moved {
                outcomes[index] = .failed("nsd-control (catalog \(file.zone.name)): \(failure)")
            }
        } else {
            catalogMayBeUnread = false
        }
    }

    /// `addzone` of the catalog with the members' pattern, or `reload` when NSD has it; nil on success.
    private func loadCatalog(_ name: String, _ batch: inout NSDCommandBatch) async -> String? {
        let change = BackendChange(domain: name, zoneText: "")
        switch await changeZones([0], [change], deleting: false, &batch).first?.reply {
        case .added: return nil
        case .alreadyPresent: return await control.run(["reload", name], batch: &batch)
        case .failed(let text), .definedInConfig(let text): return "addzone: \(text)"
        default: return "addzone: no answer for the catalog"
        }
    }
}
