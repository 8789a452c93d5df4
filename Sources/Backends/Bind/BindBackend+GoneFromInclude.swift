import Foundation

/// Zones someone took out of the include behind our back after we last read it.
///
/// `zones` is the include as dadns last wrote or read it (`inventory` re-reads it). If an
/// operator removes a zone's entry and runs `rndc reconfig` after that read, a batch that writes
/// the zone takes it for a zone named holds and asks for `rndc reload <zone>`, which named
/// refuses ("not found"). Failed and left there, the zone would wait for its retry (30 s, then
/// minutes) while healing, seeing the pair not yet applied, leaves it to the lane: a zone named
/// does not serve with every pass saying "all in line".
extension BindBackend {
    /// For the changes at `indexes`, whose `rndc reload` named answered "no such zone" for:
    /// re-reads the include, and applies again, as new zones in this batch, those it no longer
    /// lists. Those it still lists are in a named.conf named has not read (or that does not
    /// include the file): they stay failed, and the next batch reconfigures.
    func addAgainIfGoneFromTheInclude(_ indexes: [Int], _ changes: [BackendChange], _ outcomes: inout [BackendOutcome]) async {
        rereadInclude()
        let gone = indexes.filter { !zones.contains(changes[$0].domain) }
        if gone.count < indexes.count { includeMayBeUnread = true }
        guard !gone.isEmpty else { return }
        logger.warning(
            "\(name): named does not hold \(gone.map { changes[$0].domain }.joined(separator: ", ")) and the include no longer lists it (edited behind dadns's back): added again")
        // Not in `zones` now, so never reloaded again by this call: no second round.
        let again = await apply(gone.map { changes[$0] })
        for (index, outcome) in zip(gone, again) { outcomes[index] = outcome }
    }
}
