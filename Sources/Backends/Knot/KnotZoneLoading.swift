import DNSZone

/// Step 7 of a batch: how each new or changed zone is loaded, and the loading itself.
///
/// With `zonefile-load: difference` Knot loads a zone file as the difference to what it serves,
/// which is only sound when the file's SOA serial is newer. So, per zone Knot already has:
/// - a serial newer than the one this backend last loaded for it: `zone-reload` straight away;
///   the difference goes to the journal, and secondaries get IXFR;
/// - otherwise (not loaded since dadns started, or a serial that did not grow) `zone-status` gives
///   the served serial: newer → `zone-reload`; the same → the served records are compared
///   (`zone-read`): the same records need no reload, other ones (changed behind our back, or a
///   re-push with new data and an old serial) are loaded afresh; older → loaded afresh;
/// - a reload Knot refuses because the served serial is higher ("value is out of range": someone
///   changed the zone in Knot) is loaded afresh.
/// Afresh means `zone-purge -f ZONE +expire +journal +timers`, then `zone-reload`: the journal
/// goes (secondaries fall back to AXFR) and the zone is unanswered for the moment between the two.
struct KnotZoneLoading: Sendable {
    let control: KnotControl
    let check: KnotZoneCheck
    /// The file of a (checked) zone.
    let zoneFile: @Sendable (String) -> String?

    /// What a load came to: the zones that failed (with knotc's words), and the serial of each
    /// zone now served from its file.
    struct Outcome: Sendable {
        var errors: [String: String] = [:]
        var loaded: [String: UInt32] = [:]
    }

    /// Loads `zones` (`texts`: each zone's desired text; `known`: the zones Knot had before this
    /// batch; `lastLoaded`: the serial this backend last loaded for a zone).
    func load(_ zones: [String], texts: [String: String], known: Set<String>, lastLoaded: [String: UInt32]) async -> Outcome {
        let serials = Dictionary(uniqueKeysWithValues: texts.compactMap { zone, text in Self.serial(of: text, zone: zone).map { (zone, $0) } })
        let unsure = zones.filter { zone in
            guard known.contains(zone) else { return false }
            guard let desired = serials[zone], let last = lastLoaded[zone] else { return true }
            return !Self.isNewer(desired, than: last)
        }
        let served = await servedSerials(unsure)
        var afresh: [String] = [], skipped: Set<String> = []
        var sameSerial: [String] = []
        for zone in unsure {
            guard let servedSerial = served[zone] ?? nil, let desired = serials[zone] else { continue }
            if desired == servedSerial {
                sameSerial.append(zone)
            } else if !Self.isNewer(desired, than: servedSerial) {
                afresh.append(zone)
            }
        }
        if !sameSerial.isEmpty {
            let content = (try? await servedContent(sameSerial)) ?? [:]
            for zone in sameSerial {
                if let held = content[zone], let text = texts[zone], KnotServedZone.matches(domain: zone, desired: text, served: held) {
                    skipped.insert(zone)
                } else {
                    afresh.append(zone)
                }
            }
        }
        var errors = await purge(afresh)
        errors.merge(await reload(zones.filter { !skipped.contains($0) && errors[$0] == nil })) { $1 }
        // Knot holds a higher serial than we thought: load those afresh.
        let behind = errors.filter { $0.value.hasSuffix("(value is out of range)") }.keys.sorted()
        if !behind.isEmpty {
            for zone in behind { errors[zone] = nil }
            errors.merge(await purge(behind)) { $1 }
            errors.merge(await reload(behind.filter { errors[$0] == nil })) { $1 }
        }
        var outcome = Outcome(errors: errors)
        for zone in zones where errors[zone] == nil {
            outcome.loaded[zone] = serials[zone]
        }
        return outcome
    }

    /// A zone text's SOA serial; nil when it does not parse (Knot then says why).
    static func serial(of text: String, zone: String) -> UInt32? {
        guard let origin = try? DNSName(zone + ".") else { return nil }
        return try? ZoneParser.parse(text, origin: origin).serial
    }

    private func purge(_ zones: [String]) async -> [String: String] {
        await control.zoneCommand(["zone-purge", "-f"], zones: zones, suffix: ["+expire", "+journal", "+timers"])
    }

    /// RFC 1982 serial number arithmetic: `a` follows `b`.
    static func isNewer(_ a: UInt32, than b: UInt32) -> Bool {
        a != b && (a &- b) < 0x8000_0000
    }

    /// `zone-reload`; the zones Knot could not load, each with knotc's answer and the local
    /// check's reason.
    private func reload(_ zones: [String]) async -> [String: String] {
        var errors = await control.zoneCommand(["zone-reload"], zones: zones)
        let unloadable = errors.filter { $0.value.hasSuffix("(failed)") }.keys.sorted()
        let reasons = await check.reasons(unloadable.compactMap { zone in zoneFile(zone).map { (zone, $0) } })
        for (zone, reason) in reasons { errors[zone] = (errors[zone] ?? "") + ": " + reason }
        return errors
    }

    /// The serial Knot serves for each zone (nil: none loaded), from `zone-status`.
    private func servedSerials(_ zones: [String]) async -> [String: UInt32?] {
        var serials: [String: UInt32?] = [:]
        var start = 0
        while start < zones.count {
            let chunk = Array(zones[start..<min(zones.count, start + control.settings.zonesPerCommand)])
            start += chunk.count
            guard case .success(let reply) = await control.run(["zone-status"] + chunk) else { continue }
            for line in reply.result.output.split(whereSeparator: \.isNewline) where line.hasPrefix("[") {
                guard let close = line.firstIndex(of: "]"), let serial = line.range(of: "serial: ") else { continue }
                let zone = KnotControlOutput.normalized(line[line.index(after: line.startIndex)..<close])
                serials[zone] = UInt32(line[serial.upperBound...].prefix { $0.isNumber })
            }
        }
        return serials
    }

    /// What Knot serves of `zones` (`zone-read`, one call for all above 20 zones), by zone; a
    /// zone Knot has not loaded is absent. Throws only when knotc cannot reach knotd.
    func servedContent(_ zones: [String]) async throws -> [String: String] {
        var served: [String: String] = [:]
        for arguments in zones.count > 20 ? [["--"]] : zones.map({ [$0] }) {
            switch await control.run(["zone-read"] + arguments) {
            case .failure(let failure):
                throw failure
            case .success(let reply):
                if !reply.succeeded && KnotControlOutput.zoneErrors(reply.result.errorOutput).isEmpty && reply.result.output.isEmpty {
                    throw KnotControl.Failure(description: "knotc zone-read: \(reply.text)")
                }
                served.merge(KnotServedZone.split(reply.result.output)) { $1 }
            }
        }
        return served
    }
}
