/// What became of one spooled change when it was forwarded to the shared store.
public struct SpoolForwardResult: Sendable {
    public enum Outcome: Sendable {
        /// Committed by the shared store (a push at this generation, or a delete).
        case stored(generation: Int64, changed: Bool)
        /// A delete of a zone the shared store does not hold: nothing to do.
        case notPresent
        /// Already in the shared store: the first attempt committed although its reply was lost.
        case alreadyStored
        /// Not applied: the zone changed after this change was accepted (by `newer`, when the
        /// zone is known), and the newer change stands.
        case superseded(newer: DesiredZone?)
        /// A delete refused because another DirectAdmin host owns the zone now.
        case refused(owner: String)
    }

    public var change: SpooledChange
    public var outcome: Outcome

    /// True when the shared store decided against the change (superseded, refused).
    public var decidedAgainst: Bool {
        switch outcome {
        case .superseded, .refused: return true
        case .stored, .notPresent, .alreadyStored: return false
        }
    }
}

/// One forwarding pass: the changes that left the spool, in order, and why it stopped early.
public struct SpoolForwardPass: Sendable {
    public var results: [SpoolForwardResult] = []
    /// Why the pass stopped before the spool was empty; the change that failed stays first in it.
    public var stoppedBy: Stop?
    /// Entries still in the spool after the pass.
    public var remaining: Int = 0

    public enum Stop: Sendable {
        /// The shared database could not be reached (forwarding resumes when it answers).
        case unreachable(String)
        /// Another error, from the shared store or the spool file.
        case failed(String)
    }
}
