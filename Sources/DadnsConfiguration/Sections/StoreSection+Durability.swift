extension StoreSection {
    /// What `datastore.synchronous` means for this node, as logged at start after `store durability: `
    /// and said by `dadns doctor`: `synchronous=NORMAL — a power loss may lose the last acknowledged pushes`.
    /// On a shared store (kind mysql) it is the spool's; the database's durability is its server's.
    public var durabilityDetail: String {
        let which = kind == .sqlite ? "" : " (the spool; the shared database's durability is its server's)"
        switch synchronous {
        case .full:
            return "synchronous=FULL\(which) — every acknowledged push is on disk before DirectAdmin's reply"
        case .normal:
            return "synchronous=NORMAL\(which) — a power loss may lose the last acknowledged pushes"
        }
    }
}
