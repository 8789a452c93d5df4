import Foundation

/// Each backend's backlog as last counted, with the number of store writes it was counted
/// after (`StoreWriteMonitor.writeCount`, read before the count's read transaction). While no
/// write has finished since, the store holds what was counted, so `/status` answers from here
/// instead of comparing every zone again; the first read after any write counts afresh. Writes
/// by another process to the same file are not seen (the daemon is the store's one writer while
/// it runs).
final class BacklogCache: @unchecked Sendable {
    private let lock = NSLock()
    private var counted: [String: (writes: UInt64, backlog: BackendBacklog)] = [:]

    func backlog(of backend: String, afterWrites writes: UInt64) -> BackendBacklog? {
        lock.withLock { counted[backend].flatMap { $0.writes == writes ? $0.backlog : nil } }
    }

    func keep(_ backlog: BackendBacklog, of backend: String, afterWrites writes: UInt64) {
        lock.withLock { counted[backend] = (writes, backlog) }
    }
}
