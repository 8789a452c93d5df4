/// The line a page shows above its content after an action redirected to it, read from the
/// query the action added (`retried=N`, `healed=N`, `rolledBack=GEN`, …); nil for none.
enum ConsoleNotice {
    static func text(_ parameter: (String) -> String?) -> String? {
        func number(_ name: String) -> Int? { parameter(name).flatMap { Int($0) } }
        if let queued = number("retried") { return "\(queued) pairs queued for a retry now." }
        if let sent = number("healed") {
            let dryRun = parameter("dryRun") == "1"
            var text =
                sent == 0
                ? "Healed: every backend that could be checked holds the zone as it should."
                : "Healed: \(sent) backend(s) lacked the zone or held it differently"
                    + (dryRun ? " and would be sent it again (healing.dry_run is on)." : " and are being sent it again.")
            if let unchecked = number("unchecked"), unchecked > 0 {
                text += " \(unchecked) backend(s) could not be checked: `dadns zone heal` says why."
            }
            return text
        }
        if let generation = number("rolledBack") {
            var text = "Rolled back to generation \(generation): stored as a new generation and sent to every backend. The diff shows what changed."
            if parameter("serialWarning") == "1" {
                text += " Its serial is not above the previous one: secondaries that transfer by serial will not fetch it;"
                    + " push the zone with a higher serial from DirectAdmin."
            }
            return text
        }
        if let action = parameter("decided"), let zone = parameter("zone") {
            return decided(action, zone: zone, kind: parameter("kind"), done: parameter("done") == "1")
        }
        if let generation = number("unchanged") { return "The zone already holds generation \(generation)'s records: nothing changed." }
        return nil
    }

    /// After an approve, ignore or unignore on the reconciler page.
    static func decided(_ action: String, zone: String, kind: String?, done: Bool) -> String? {
        switch (action, kind, done) {
        case ("approve", "orphan", true): return "\(zone) deleted: the backends are removing it."
        case ("approve", "orphan", false): return "\(zone) not deleted: it changed since the pass saw it."
        case ("approve", _, true): return "\(zone) fetched from its DirectAdmin server and stored."
        case ("approve", _, false): return "\(zone) could not be fetched or was refused: `dadns reconcile approve \(zone)` says why."
        case ("ignore", _, _): return "\(zone) ignored: later passes leave it alone."
        case ("unignore", _, _): return "\(zone) is no longer ignored: the next pass considers it again."
        default: return nil
        }
    }
}
