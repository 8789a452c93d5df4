import DNSZone

/// Step 7 of a batch: how each new or changed zone is loaded, and the loading itself.
///
/// With `zonefile-load: difference` Knot loads a zone file as the difference to what it serves,
/// which is only sound when the file's SOA serial is newer. So, per zone Knot already has
/// (`zone-status` gives the served serial):
/// - a newer serial (or nothing served yet): `zone-reload`; the difference goes to the journal,
///   and secondaries get IXFR;
/// - the same serial: the served records are compared (`zone-read`); the same records need no
///   reload, other ones (changed behind our back, or a re-push with new data and an old serial)
///   are loaded afresh;
/// - an older serial: loaded afresh (Knot would refuse: "zone file changed with decreased SOA
///   serial").
/// Afresh means `zone-purge -f ZONE +expire +journal +timers`, then `zone-reload`: the journal
/// goes (secondaries fall back to AXFR) and the zone is unanswered for the moment between the two.
struct KnotZoneLoading: Sendable {
    let control: KnotControl
    let check: KnotZoneCheck
    /// The file of a (checked) zone.
    let zoneFile: @Sendable (String) -> String?

    /// Loads `zones` (`texts`: each zone's desired text; `known`: the zones Knot had before this
    /// batch); the zones that failed, with knotc's words.
    func load(_ zones: [String], texts: [String: String], known: Set<String>) async -> [String: String] {
        let existing = zones.filter { known.contains($0) }
        let served = await servedSerials(existing)
        var errors: [String: String] = [:]
        var afresh: [String] = [], skipped: Set<String> = []
        var sameSerial: [String] = []
        for zone in existing {
            guard let servedSerial = served[zone] ?? nil, let text = texts[zone],
                  let desired = try? ZoneParser.parse(text, origin: DNSName(zone + ".")).serial
            else { continue }
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
        errors.merge(await control.zoneCommand(["zone-purge", "-f"], zones: afresh, suffix: ["+expire", "+journal", "+timers"])) { $1 }
        errors.merge(await reload(zones.filter { !skipped.contains($0) && errors[$0] == nil })) { $1 }
        return errors
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
