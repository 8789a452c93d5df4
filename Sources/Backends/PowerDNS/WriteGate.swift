/// Lets one write at a time through, in arrival order: the PowerDNS API's changes within a batch
/// go one after another (reads stay parallel). gsqlite3 answers concurrent writes with "database
/// is locked" (HTTP 500); a server on gmysql or gpgsql takes them one by one too, per zone.
actor WriteGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` once no other write runs.
    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        defer {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
        return try await body()
    }
}
