/// The rule of a rollback: an operator's push of a kept version.
extension DesiredStateRules {
    /// Stores `version`'s text again by the rules of a push, from the operator, keeping the
    /// zone's owner; journaled with detail "rollback to generation N". A deleted zone is not
    /// restored (`notPresent`): its owner in DirectAdmin deleted it, and the reconciler would
    /// delete a restored zone again as an orphan.
    public static func rollback(
        to version: ZoneHistoryVersion, over stored: StoredZoneState?, at now: Double
    ) -> (ZoneChange, RollbackOutcome) {
        guard let stored, stored.present else { return (.none, .notPresent) }
        let entry = version.entry
        let push = ZonePush(
            domain: entry.domain, canonicalText: version.text, recordCount: entry.recordCount, contentHash: entry.contentHash,
            serial: entry.serial, hostname: nil, username: nil, clientAddress: nil, source: .operatorCLI)
        var (change, outcome) = Self.push(push, over: stored, at: now)
        change.journal?.detail = "rollback to generation \(entry.generation)"
        return (change, outcome.changed ? .rolledBack(generation: outcome.generation) : .unchanged(generation: outcome.generation))
    }
}
