/// The guard every backend runs at the top of `apply`: a change whose domain fails
/// `SafeZoneName` is refused (`.failed`, the reason naming the rule) before anything of it reaches
/// a path, a config file, a command or SQL, and the rest of the batch goes on.
enum ZoneNameGuard {
    /// Nil when every change's name is safe (the caller goes on with its own work). Otherwise the
    /// batch's outcomes: `.failed` for each refused name, and for the others what `apply` (the
    /// backend's own `apply`, called again with only the safe changes) returned.
    ///
    /// Each backend's `apply` starts with
    /// `if let outcomes = await ZoneNameGuard.refusing(changes, apply) { return outcomes }`.
    static func refusing(
        _ changes: [BackendChange], isolation: isolated (any Actor)? = #isolation,
        _ apply: ([BackendChange]) async -> [BackendOutcome]
    ) async -> [BackendOutcome]? {
        let problems = changes.map { SafeZoneName.problem($0.domain) }
        guard problems.contains(where: { $0 != nil }) else { return nil }
        let safe = changes.indices.filter { problems[$0] == nil }
        let applied = safe.isEmpty ? [] : await apply(safe.map { changes[$0] })
        return changes.indices.map { index in
            if let problem = problems[index] { return .failed(problem) }
            guard let position = safe.firstIndex(of: index), position < applied.count else { return .failed("not applied") }
            return applied[position]
        }
    }
}
