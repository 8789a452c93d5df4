import Foundation

/// New zones by `rndc addzone`, their deletes by `rndc delzone`, and the healing of a batch that
/// stopped between `<named_conf>.added` and rndc (see `BindAddedZones`).
extension BindBackend {
    /// How one `rndc addzone` went.
    enum AddzoneResult: Equatable {
        case added
        /// named does not allow new zones (no `allow-new-zones yes;`, or a read-only rndc key).
        case refused(String)
        /// named holds the zone from its own configuration, not from dadns: not taken over.
        case foreign(String)
        case failed(String, timedOut: Bool)
    }

    /// The zone statement `addzone` and `modzone` take; nil when the file's path cannot be
    /// quoted for named (a `"`, `\` or control character in `zones_dir`).
    func addzoneStatement(_ zone: String) -> String? {
        guard let path = zoneFile(zone), BindIncludeFile.isQuotable(path) else { return nil }
        return "{ type master; file \"\(path)\"; \(BindIncludeFile.transferClauses(settings.catalog))};"
    }

    /// Whether an rndc failure says named takes no new zones.
    static func refusesNewZones(_ failure: String) -> Bool {
        let lowered = failure.lowercased()
        return lowered.contains("not allowing new zones") || lowered.contains("permission denied")
    }

    /// `rndc addzone`. A zone named already holds from its NZD (added in an earlier life, or by
    /// a batch whose `.added` write was lost) is given dadns's statement by `modzone` and
    /// reloaded from its file; one from named.conf is left alone and reported.
    func addToNamed(_ zone: String) async -> AddzoneResult {
        guard let statement = addzoneStatement(zone) else {
            return .failed("rndc addzone \(zone): the zone file path \(zonesDirectory) cannot be quoted for named.conf", timedOut: false)
        }
        guard let failure = await runRndc(["addzone", zone, statement]) else { return .added }
        if failure.timedOut { return .failed("rndc addzone \(zone): \(failure.text)", timedOut: true) }
        if Self.refusesNewZones(failure.text) { return .refused(failure.text) }
        guard failure.text.lowercased().contains("already exists") else {
            return .failed("rndc addzone \(zone): \(failure.text)", timedOut: false)
        }
        guard let status = settings.rndc(["zonestatus", zone]),
              let result = try? await CommandRunner.run(status, timeout: settings.commandTimeout), !result.timedOut
        else { return .failed("rndc addzone \(zone): already exists, and rndc zonestatus did not answer", timedOut: false) }
        guard result.output.contains("reconfigurable via modzone: yes") else {
            return .foreign(
                "rndc addzone \(zone): named already has this zone from its own configuration (named.conf, not rndc addzone); "
                    + "dadns does not take it over: remove it from named.conf and rndc reconfig")
        }
        if let failure = await runRndc(["modzone", zone, statement]) {
            return .failed("rndc modzone \(zone) (it already existed in named's NZD): \(failure.text)", timedOut: failure.timedOut)
        }
        if let failure = await runRndc(["reload", zone]) {
            return .failed("rndc reload \(zone): \(failure.text)", timedOut: failure.timedOut)
        }
        logger.notice("\(name): \(zone) was already in named's new-zone database (an earlier life): reconfigured by rndc modzone and reloaded")
        return .added
    }

    /// `rndc delzone`; nil when named no longer has the zone (deleted now, or before).
    func deleteFromNamed(_ zone: String) async -> (text: String, timedOut: Bool)? {
        guard let failure = await runRndc(["delzone", zone]) else { return nil }
        if !failure.timedOut, failure.text.lowercased().contains("not found") { return nil }
        return failure
    }

    /// Writes `.added` as `addedZones` has it; the error, if any.
    func writeAddedZones() async -> AtomicFile.WriteError? {
        let text = addedZones.text, path = addedZonesPath
        return await BlockingWork.run { AtomicFile.write(batch: [(path, text)]).first ?? nil }
    }

    /// Whether this batch may try `rndc addzone`: not within five minutes of named refusing it.
    var addzoneAllowedNow: Bool {
        guard settings.rndcPath != nil else { return false }
        return addzoneRefusedUntil.map { ContinuousClock.now >= $0 } ?? true
    }

    /// Adds `adds` (indexes into `changes`) by `rndc addzone` and deletes `deletes` by `rndc
    /// delzone`, with `.added` written before (the marks) and after (what named now holds).
    /// Returns the indexes of new zones that go by the include instead, because named refused
    /// `addzone` (logged once, and addzone is not tried again for five minutes).
    func changeAddedZones(
        adds: [Int], deletes: [Int], _ changes: [BackendChange], _ outcomes: inout [BackendOutcome], timedOut: inout String?
    ) async -> [Int] {
        let before = addedZones
        for index in adds { addedZones[changes[index].domain] = .adding }
        for index in deletes { addedZones[changes[index].domain] = .deleting }
        if let error = await writeAddedZones() {
            // Nothing was asked of named: new zones go by the include, the others are retried.
            addedZones = before
            for index in adds + deletes where before[changes[index].domain] != nil || changes[index].zoneText == nil {
                outcomes[index] = .failed("cannot update \(addedZonesPath): \(error.description)")
            }
            return adds.filter { before[changes[$0].domain] == nil }
        }
        let marked = addedZones
        var viaInclude: [Int] = [], refusal: String?
        for index in adds {
            let zone = changes[index].domain
            if let timedOut {
                outcomes[index] = .failed("rndc addzone \(zone): not tried: \(timedOut) timed out in this batch")
                continue
            }
            let result: AddzoneResult
            if let refusal { result = .refused(refusal) } else { result = await addToNamed(zone) }
            switch result {
            case .added:
                addedZones[zone] = .live
            case .refused(let text):
                // named does not have it: it goes into the include in this batch.
                refusal = text
                addedZones[zone] = nil
                viaInclude.append(index)
            case .foreign(let text):
                addedZones[zone] = nil
                outcomes[index] = .failed(text)
            case .failed(let text, let isTimeout):
                // Stays marked: retried by the next batch, healed at the next start.
                outcomes[index] = .failed(text)
                if isTimeout { timedOut = "rndc addzone \(zone)" }
            }
        }
        if let refusal {
            addzoneRefusedUntil = ContinuousClock.now + .seconds(300)
            logger.warning(
                "\(name): named refuses rndc addzone (\(refusal)): \(viaInclude.count) new zones go by the include and rndc reconfig instead, and so will new zones for the next 5 minutes; add allow-new-zones yes; to named.conf's options (or set zone_config: include)")
        }
        for index in deletes {
            let zone = changes[index].domain
            if let timedOut {
                outcomes[index] = .failed("rndc delzone \(zone): not tried: \(timedOut) timed out in this batch")
            } else if let failure = await deleteFromNamed(zone) {
                outcomes[index] = .failed("rndc delzone \(zone): \(failure.text)")
                if failure.timedOut { timedOut = "rndc delzone \(zone)" }
            } else {
                addedZones[zone] = nil
            }
        }
        if addedZones != marked, let error = await writeAddedZones() {
            // named holds what it was told; the marks left in the file are settled at the next start.
            logger.warning("\(name): cannot update \(addedZonesPath) after rndc addzone/delzone: \(error.description)")
        }
        return viaInclude
    }

    /// Settles the zones `.added` marks as being added or deleted (a batch stopped between the
    /// file and rndc): `rndc showzone` for each being added — one named lacks is added again if
    /// its file is there, dropped if not (deleted since) — and `rndc delzone` again for each
    /// being deleted. Runs once, before the first batch or inventory; again while named does
    /// not answer. Only marked zones are asked about, so start-up costs at most a batch's rndc calls.
    func settleAddedZones() async {
        guard !addedZonesSettled else { return }
        addedZonesSettled = true
        let unsettled = addedZones.unsettled
        guard !unsettled.isEmpty, settings.rndcPath != nil else { return }
        let before = addedZones
        var healed: [String] = []
        for (zone, state) in unsettled {
            if state == .deleting {
                if await deleteFromNamed(zone) == nil {
                    addedZones[zone] = nil
                    healed.append("-" + zone)
                } else {
                    addedZonesSettled = false
                }
                continue
            }
            guard let failure = await runRndc(["showzone", zone]) else {
                addedZones[zone] = .live
                continue
            }
            guard failure.text.lowercased().contains("not found") else {
                addedZonesSettled = false  // named did not answer: asked again next time
                continue
            }
            guard let path = zoneFile(zone), FileManager.default.fileExists(atPath: path) else {
                addedZones[zone] = nil
                continue
            }
            switch await addToNamed(zone) {
            case .added:
                addedZones[zone] = .live
                healed.append("+" + zone)
            case .refused, .foreign:
                addedZones[zone] = nil  // not held: the healing pass adds it again as a new zone
            case .failed:
                addedZonesSettled = false
            }
        }
        if !healed.isEmpty {
            logger.notice("\(name): settled zones an interrupted batch left half-done in \(addedZonesPath): \(healed.joined(separator: " "))")
        }
        if addedZones != before, let error = await writeAddedZones() {
            logger.warning("\(name): cannot update \(addedZonesPath): \(error.description)")
        }
    }
}
