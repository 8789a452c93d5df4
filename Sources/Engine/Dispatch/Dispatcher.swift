import Foundation
import Logging
import ServiceLifecycle

/// Runs every backend's lane side by side: each lane works while anything is due and otherwise
/// sleeps until the store announces a change (`ZoneStore.desiredStateChanges`, or `changed()`)
/// or its poll interval passes (for retries that come due). A graceful shutdown lets the batch
/// in flight finish.
public final class Dispatcher: Service, Sendable {
    public let lanes: [DispatcherLane]
    private let pollInterval: Duration
    /// How long to let a burst of changes gather before applying (DirectAdmin sends 2–3 saves per
    /// action); 0 applies at once.
    private let settleDelay: Duration
    private let signals: [WakeSignal]
    /// Per lane: ends a settle wait early when shutdown begins.
    private let stopSignals: [WakeSignal]
    private let logger: Logger
    /// The store's announcements, taken from `init` on so none made before `run` is missed.
    private let changes: AsyncStream<Void>

    public init(
        lanes: [DispatcherLane], changes: AsyncStream<Void>, pollInterval: Duration = .seconds(1), settleDelay: Duration = .zero, logger: Logger
    ) {
        self.lanes = lanes
        self.changes = changes
        self.pollInterval = pollInterval
        self.settleDelay = settleDelay
        self.logger = logger
        signals = lanes.map { _ in WakeSignal() }
        stopSignals = lanes.map { _ in WakeSignal() }
    }

    /// Tells every lane that the desired state changed.
    public func changed() {
        for signal in signals { signal.wake() }
    }

    public func run() async throws {
        let stopping = StopFlag()
        let follower = Task { [changes] in
            for await _ in changes { self.changed() }
        }
        defer { follower.cancel() }
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for index in self.lanes.indices {
                    group.addTask {
                        await self.loop(self.lanes[index], signal: self.signals[index], stop: self.stopSignals[index], stopping: stopping)
                    }
                }
            }
        } onGracefulShutdown: {
            // Let each lane finish the batch in flight (its outcomes get recorded), then stop.
            stopping.set()
            for signal in self.signals + self.stopSignals { signal.wake() }
        }
        logger.info("dispatcher stopped")
    }

    private func loop(_ lane: DispatcherLane, signal: WakeSignal, stop: WakeSignal, stopping: StopFlag) async {
        let backoff = LaneBackoff(base: pollInterval, cap: max(pollInterval, .seconds(10)))
        var errorsInARow = 0
        while !stopping.isSet && !Task.isCancelled {
            var wait = pollInterval
            do {
                let report = try await lane.runBatch()
                if errorsInARow > 0 { logger.notice("lane \(lane.backend.name): working again after \(errorsInARow) error(s)") }
                errorsInARow = 0
                if let report, report.succeeded > 0 { continue }
            } catch {
                if stopping.isSet || Task.isCancelled {
                    logger.info("lane \(lane.backend.name): stopped in a batch (\(error)); its zones are sent again after the restart")
                    break
                }
                errorsInARow += 1
                wait = backoff.delay(afterErrors: errorsInARow)
                logger.error("lane \(lane.backend.name): \(error) — next try in \(LaneBackoff.text(wait)) or at the next change")
            }
            if stopping.isSet { break }
            let woken = await signal.wait(upTo: wait)
            // Let a burst gather; a shutdown ends the wait (the changes are durable and are
            // applied after the restart).
            if woken && settleDelay > .zero && !stopping.isSet { await stop.wait(upTo: settleDelay) }
        }
    }
}

/// A flag set once, read from any thread.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
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
            pending = true
            defer { waiter = nil }
            return waiter
        }
        resumed?.resume()
    }

    /// Returns on a wake-up (also one that came before the call) or after `timeout`; true when
    /// woken.
    @discardableResult
    func wait(upTo timeout: Duration) async -> Bool {
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
                    return true
                }
                waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        timer.cancel()
        return lock.withLock {
            // Woken (now or before the call) unless this wait's timer ended it.
            let woken = pending || expiredWait != id
            pending = false
            return woken
        }
    }

    private func expire(_ id: UInt64) {
        let resumed: CheckedContinuation<Void, Never>? = lock.withLock {
            guard currentWait == id else { return nil }
            expiredWait = id  // (if the timer beat the waiter, the waiter returns at once)
            defer { waiter = nil }
            return waiter
        }
        resumed?.resume()
    }
}
