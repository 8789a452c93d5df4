/// What `rollback(domain:to:at:)` did.
public enum RollbackOutcome: Sendable, Equatable {
    /// The version is stored again as `generation` and announced to the dispatcher.
    case rolledBack(generation: Int64)
    /// The zone already holds that version's text: nothing changed (journaled as unchanged).
    case unchanged(generation: Int64)
    /// The store keeps no such version of the zone (never had it, or pruned).
    case unknownVersion
    /// The zone is deleted (or unknown): a rollback does not bring it back; DirectAdmin must push it.
    case notPresent
}
