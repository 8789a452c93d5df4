/// What became of a DirectAdmin request, in the domain's words: no HTTP status, no reply text.
/// The DirectAdmin route turns it into both (`DirectAdminResponse` in `Server`).
public enum IntakeOutcome: Sendable, Equatable {
    /// The request could not be read as a DirectAdmin command (bad or missing parameters).
    case invalidRequest(reason: String)
    /// `CMD_API_LOGIN_TEST`: the credentials were right.
    case loginAccepted
    /// `action=exists`: whether the zone, or one of its ancestors, is held here.
    case exists(ExistsAnswer)
    /// A rawsave stored in one transaction; `changed` false: the same content was already held.
    case accepted(changed: Bool)
    /// A rawsave whose zone text was refused; nothing was stored.
    case refused(ZoneIntake.Rejection)
    /// Every named zone was deleted (or was not held).
    case deleted
    /// A delete refused for the zones another DirectAdmin owns; the others named in the
    /// request were deleted.
    case deleteRefused([ForeignZone])
    /// A graceful shutdown is under way: the change was not stored.
    case draining
    /// The store failed; `change` is true when the request would have changed the zones.
    case storeUnavailable(reason: String, change: Bool)

    /// Whether a save or delete was stored (an unchanged save too): what `ActivityHistory` counts.
    public var stored: Bool {
        switch self {
        case .accepted, .deleted: return true
        case .deleteRefused, .invalidRequest, .loginAccepted, .exists, .refused, .draining, .storeUnavailable: return false
        }
    }

    /// A zone whose recorded owner is another DirectAdmin server than the one that sent the delete.
    public struct ForeignZone: Sendable, Equatable {
        public var domain: String
        /// The owning DirectAdmin's host name.
        public var owner: String

        public init(domain: String, owner: String) {
            self.domain = domain
            self.owner = owner
        }
    }

    /// The answers to `action=exists`, as DirectAdmin's `exists=0…3` reads them.
    public enum ExistsAnswer: Sendable, Equatable {
        /// Neither the zone nor an ancestor is held here (`exists=0`).
        case absent
        /// The zone itself is held (`exists=1`).
        case held(domain: String)
        /// An ancestor zone is held (`exists=2`).
        case parentHeld(domain: String)
        /// An ancestor zone is held, reported with its owner (`exists=3`).
        case parentOwned(hostname: String, username: String)
    }
}
