/// A change this node acknowledged to DirectAdmin while the shared database could not be
/// reached, as the spool keeps it until it is forwarded.
public struct SpooledChange: Sendable {
    /// What DirectAdmin asked for.
    public enum Intake: Sendable {
        /// A rawsave, already validated and printed canonically.
        case push(ZonePush)
        /// A delete, with the owner rules still to be applied when it is forwarded.
        case delete(domain: String, hostname: String?, username: String?, clientAddress: String?, source: ChangeSource)
    }

    /// The spool's sequence number (the order changes reached the spool).
    public var id: Int64
    /// When this node accepted the change (seconds since 1970): changes are forwarded in this
    /// order. Two changes of one zone never have the same time.
    public var acceptedAt: Double
    public var intake: Intake

    public init(id: Int64, acceptedAt: Double, intake: Intake) {
        self.id = id
        self.acceptedAt = acceptedAt
        self.intake = intake
    }

    public var domain: String {
        switch intake {
        case .push(let push): return push.domain
        case .delete(let domain, _, _, _, _): return domain
        }
    }

    /// `save` or `delete`, as the journal names them.
    public var action: String {
        if case .push = intake { return "save" }
        return "delete"
    }

    /// The DirectAdmin host that sent the change.
    public var hostname: String? {
        switch intake {
        case .push(let push): return push.hostname
        case .delete(_, let hostname, _, _, _): return hostname
        }
    }
}
