import Dispatch
import Foundation

/// A few connections to one server, each with its own serial dispatch queue: blocking
/// Connector/C calls never run on the Swift cooperative pool or an event loop. Connections open
/// on first use. A connection that was lost (server restarted, `KILL`, network) is replaced and
/// the work is run once more; a deadlock is retried too, so work must be a whole transaction.
public final class MariaDBPool: Sendable {
    public let configuration: MariaDBConfiguration
    public let size: Int
    private let slots: [MariaDBPoolSlot]
    private let lock = NSLock()
    private nonisolated(unsafe) var free: [Int]
    private nonisolated(unsafe) var waiters: [CheckedContinuation<Int, Never>] = []

    /// - Parameters:
    ///   - size: the number of connections (at least 1).
    public init(library: MariaDBLibrary, configuration: MariaDBConfiguration, size: Int = 4) {
        self.configuration = configuration
        self.size = max(size, 1)
        slots = (0..<max(size, 1)).map { MariaDBPoolSlot(index: $0, library: library, configuration: configuration) }
        free = Array(slots.indices.reversed())
    }

    /// Runs `body` with a connection of the pool, on that connection's thread, and returns what
    /// it returns. Waits while every connection is busy.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (MariaDBConnection) throws -> T) async throws -> T {
        let index = await acquire()
        defer { release(index) }
        let slot = slots[index]
        return try await withCheckedThrowingContinuation { continuation in
            slot.queue.async { continuation.resume(with: Result { try slot.run(body) }) }
        }
    }

    /// Closes every open connection (they reopen on next use).
    public func close() {
        for slot in slots { slot.queue.sync { slot.closeConnection() } }
    }

    private func acquire() async -> Int {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int, Never>) in
            let index: Int? = lock.withLock {
                if let index = free.popLast() { return index }
                waiters.append(continuation)
                return nil
            }
            if let index { continuation.resume(returning: index) }
        }
    }

    private func release(_ index: Int) {
        let waiter: CheckedContinuation<Int, Never>? = lock.withLock {
            if waiters.isEmpty {
                free.append(index)
                return nil
            }
            return waiters.removeFirst()
        }
        waiter?.resume(returning: index)
    }
}

/// One connection of a pool and the queue its calls run on. Touched only on `queue`.
final class MariaDBPoolSlot: @unchecked Sendable {
    let queue: DispatchQueue
    let library: MariaDBLibrary
    let configuration: MariaDBConfiguration
    private var connection: MariaDBConnection?
    /// How often a deadlocked transaction is run again.
    static let deadlockRetries = 3

    init(index: Int, library: MariaDBLibrary, configuration: MariaDBConfiguration) {
        queue = DispatchQueue(label: "dadns.mariadb.\(index)")
        self.library = library
        self.configuration = configuration
    }

    func run<T>(_ body: (MariaDBConnection) throws -> T) throws -> T {
        var deadlocks = 0
        var reconnected = false
        while true {
            let current = try connection ?? MariaDBConnection(library: library, configuration: configuration)
            connection = current
            do {
                return try body(current)
            } catch let error as MariaDBError where error.isConnectionLost {
                closeConnection()
                // The server may have restarted or killed the connection: try once on a new one
                // (the transaction in flight was rolled back with the old connection).
                guard !reconnected else { throw error }
                reconnected = true
            } catch let error as MariaDBError where error.isRetryableTransaction {
                deadlocks += 1
                guard deadlocks <= Self.deadlockRetries else { throw error }
            }
        }
    }

    func closeConnection() {
        connection?.close()
        connection = nil
    }
}
