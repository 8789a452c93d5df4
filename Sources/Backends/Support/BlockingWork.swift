import Dispatch

/// Runs blocking work (file writes and flushes, waits on child processes) on a Dispatch thread,
/// so it never holds one of Swift concurrency's few cooperative threads — which on a small
/// machine also serve the HTTP requests.
public enum BlockingWork {
    private static let queue = DispatchQueue(label: "dadns.blocking-work", qos: .utility, attributes: .concurrent)

    public static func run<Result: Sendable>(_ body: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }
}
