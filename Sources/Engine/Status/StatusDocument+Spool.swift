import ZoneStore

extension StatusDocument {
    /// The node's local spool (a mysql datastore only): changes acknowledged while the shared
    /// database could not be reached, waiting to be forwarded. `degraded` while it holds any or
    /// the database does not answer.
    public struct Spool: Sendable, Codable, Equatable {
        public var status: Overall
        /// The spool file.
        public var path: String
        /// Changes waiting.
        public var depth: Int
        /// How long the oldest has waited.
        public var oldestAgeSeconds: Double?
        /// Since when the shared database has not answered; absent while it answers.
        @OptionalTimestamp public var unreachableSince: Double? = nil
        /// Why it did not answer, last time.
        public var lastError: String?
    }
}

extension StatusReporter {
    /// The spool's section; while it holds changes or the database does not answer, a reason
    /// says so and the node is degraded (changes are still accepted).
    func spoolSection(now: Double, reasons: inout [String]) async -> StatusDocument.Spool? {
        guard let spooling else { return nil }
        let state: SpoolStatus
        do { state = try await spooling.status() } catch {
            reasons.append("spool: \(spooling.spool.path) cannot be read (\(StoreWriteHealth.reason(error)))")
            return .init(status: .error, path: spooling.spool.path, depth: spooling.spooledCount, oldestAgeSeconds: nil,
                         unreachableSince: nil, lastError: StoreWriteHealth.reason(error))
        }
        let age = state.oldestAcceptedAt.map { max(0, now - $0) }
        var section = StatusDocument.Spool(
            status: .ok, path: state.path, depth: state.depth, oldestAgeSeconds: age, unreachableSince: state.unreachableSince,
            lastError: state.lastError)
        if let since = state.unreachableSince {
            section.status = .degraded
            reasons.append(
                "shared database unreachable for \(Int(max(0, now - since))) s (\(state.lastError ?? "no detail")): changes are accepted into the local spool and forwarded when it answers")
        }
        if state.depth > 0 {
            section.status = .degraded
            reasons.append(
                "spool: \(state.depth) change(s) wait to be forwarded to the shared database, the oldest for \(Int(age ?? 0)) s")
        }
        return section
    }
}
