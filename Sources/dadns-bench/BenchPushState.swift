import Foundation

/// What the push clients and the DNS poller share: when each zone was accepted and served.
final class BenchPushState: @unchecked Sendable {
    private let lock = NSLock()
    private var accepted: [(index: Int, at: Double)] = []
    private(set) var acceptLatencies: [Double] = []
    private(set) var failures: [String] = []
    private var clientsDone = 0

    func accept(_ index: Int, at time: Double, latency: Double) {
        lock.withLock {
            accepted.append((index, time))
            acceptLatencies.append(latency)
        }
    }

    func fail(_ reason: String) { lock.withLock { failures.append(reason) } }
    func clientFinished() { lock.withLock { clientsDone += 1 } }

    /// Takes the zones accepted since the last call.
    func takeAccepted() -> [(index: Int, at: Double)] {
        lock.withLock {
            defer { accepted.removeAll(keepingCapacity: true) }
            return accepted
        }
    }

    /// The first failure and the clients done: read by the poller on every turn, so it copies
    /// no latencies (100,000 of them would be copied 100 times a second).
    func progress() -> (firstFailure: String?, clientsDone: Int) {
        lock.withLock { (failures.first, clientsDone) }
    }

    /// Every accept latency so far.
    func latencies() -> [Double] { lock.withLock { acceptLatencies } }
}
