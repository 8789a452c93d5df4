import Foundation

/// Fans "desired state changed" out to every subscriber's `AsyncStream`. Each stream buffers at
/// most one announcement: a burst while the subscriber is busy reaches it as one.
public final class ChangeAnnouncer: @unchecked Sendable {
    private let lock = NSLock()
    private var subscribers: [UInt64: AsyncStream<Void>.Continuation] = [:]
    private var lastID: UInt64 = 0

    public init() {}

    /// A new subscription; it ends when its iterating task is cancelled.
    public func subscribe() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id: UInt64 = lock.withLock {
            lastID += 1
            subscribers[lastID] = continuation
            return lastID
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return stream
    }

    public func announce() {
        for continuation in lock.withLock({ Array(subscribers.values) }) { continuation.yield() }
    }

    private func unsubscribe(_ id: UInt64) {
        _ = lock.withLock { subscribers.removeValue(forKey: id) }
    }
}
