import Foundation

/// Whether the shared store answered, as the latest calls through `SpoolingZoneStore` showed:
/// since when it has been unreachable, and why. Any thread.
final class SharedStoreReach: @unchecked Sendable {
    private let lock = NSLock()
    private var since: Double?
    private var error: String?

    /// Since when, and the latest error; nil while the shared store answers.
    var unreachable: (since: Double, error: String)? {
        lock.withLock { since.map { ($0, error ?? "") } }
    }

    func answered() {
        lock.withLock {
            since = nil
            error = nil
        }
    }

    func failed(_ reason: String) {
        let now = Date().timeIntervalSince1970
        lock.withLock {
            since = since ?? now
            error = reason
        }
    }
}

/// The number of entries in the spool, kept in memory so that a push checks it without a read.
final class SpoolDepth: @unchecked Sendable {
    private let lock = NSLock()
    private var count: Int

    init(_ count: Int) { self.count = count }

    var value: Int { lock.withLock { count } }

    func add(_ delta: Int) { lock.withLock { count = max(0, count + delta) } }
}
