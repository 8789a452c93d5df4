import Foundation
import Logging
import ServiceLifecycle

/// Runs every backend's lane side by side: each lane works while anything is due and otherwise
/// sleeps until a change is stored (`changed()`) or its poll interval passes (for retries that
/// come due). A graceful shutdown lets the batch in flight finish.
public final class Dispatcher: Service, Sendable {
    public let lanes: [DispatcherLane]
    private let pollInterval: Duration
    private let signals: [WakeSignal]
    private let logger: Logger

    public init(lanes: [DispatcherLane], pollInterval: Duration = .seconds(1), logger: Logger) {
        self.lanes = lanes
        self.pollInterval = pollInterval
        self.logger = logger
        signals = lanes.map { _ in WakeSignal() }
    }

    /// Tells every lane that the desired state changed.
    public func changed() {
        for signal in signals { signal.wake() }
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for (lane, signal) in zip(self.lanes, self.signals) {
                    group.addTask { await self.loop(lane, signal: signal) }
                }
            }
        }
    }

    private func loop(_ lane: DispatcherLane, signal: WakeSignal) async {
        while !Task.isCancelled {
            do {
                if let report = try await lane.runBatch(), report.succeeded > 0 { continue }
            } catch {
                logger.error("lane \(lane.backend.name): \(error)")
            }
            await signal.wait(upTo: pollInterval)
        }
    }
}

/// A wake-up that is remembered until the waiter takes it (no change is ever missed).
final class WakeSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?
    /// Each wait has a number, so a timer of an earlier wait cannot end a later one.
    private var currentWait: UInt64 = 0
    private var expiredWait: UInt64?

    func wake() {
        let resumed: CheckedContinuation<Void, Never>? = lock.withLock {
            if let waiter {
                self.waiter = nil
                return waiter
            }
            pending = true
            return nil
        }
        resumed?.resume()
    }

    /// Returns on a wake-up (also one that came before the call) or after `timeout`.
    func wait(upTo timeout: Duration) async {
        let id: UInt64 = lock.withLock {
            currentWait += 1
            return currentWait
        }
        let timer = Task { [weak self] in
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            self?.expire(id)
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow: Bool = lock.withLock {
                if pending || expiredWait == id {
                    pending = false
                    return true
                }
                waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        timer.cancel()
    }

    private func expire(_ id: UInt64) {
        let resumed: CheckedContinuation<Void, Never>? = lock.withLock {
            guard currentWait == id else { return nil }
            guard let waiter else {
                expiredWait = id  // the timer beat the waiter: it returns at once
                return nil
            }
            self.waiter = nil
            return waiter
        }
        resumed?.resume()
    }
}
