import Foundation

/// For each backend, the zone change number (`zones.change_seq`, schema v7) as of the last
/// pending query that found nothing due. At that moment every pair of the backend was either
/// applied or in a state other than `ok` (a pair that is `ok` but behind, or a present zone
/// with no pair, is always due). A pair falls behind again only when its zone changes (a
/// higher number) or its row leaves `ok` (`markSent`, a failure, `retryNow`, `requeue`, a
/// push's reset), so the backend's unapplied pairs are all among the zones numbered after the
/// mark and its rows not `ok`: both found by index. Kept in memory: a new process starts
/// with one full comparison per backend.
final class PendingWatermarks: @unchecked Sendable {
    private let lock = NSLock()
    private var marks: [String: Int64] = [:]

    /// The mark of `backend`, nil until its pending query first found nothing due.
    func mark(of backend: String) -> Int64? {
        lock.withLock { marks[backend] }
    }

    /// Raises the mark of `backend` to `seq` (a slower read's older number never lowers it).
    func raise(_ backend: String, to seq: Int64) {
        lock.withLock { marks[backend] = max(marks[backend] ?? seq, seq) }
    }
}
