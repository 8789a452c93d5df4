import Foundation
import DadnsTestKit

/// A lane's state as `/status` and `/metrics` show it, for tests that watch a backend fail and
/// recover.
extension DadnsProcess {
    /// Pending, retrying and failed pairs of one backend.
    func backlog(_ backend: String) throws -> (pending: Int, retrying: Int, failed: Int) {
        let section = try backendStatus(backend)
        return (section["pending"] as? Int ?? -1, section["retrying"] as? Int ?? -1, section["failed"] as? Int ?? -1)
    }

    /// True when the backend has nothing pending, retrying or failed.
    func isCaughtUp(_ backend: String) -> Bool {
        guard let backlog = try? backlog(backend) else { return false }
        return backlog == (0, 0, 0)
    }

    /// The backlog in words, for failure messages.
    func backlogDescription(_ backend: String) -> String {
        (try? backlog(backend)).map { "\(backend): \($0.pending) pending, \($0.retrying) retrying, \($0.failed) failed" }
            ?? "\(backend): /status unreadable"
    }

    /// The lane's last error (`lastError.error` in `/status`).
    func lastError(_ backend: String) throws -> String? {
        (try backendStatus(backend)["lastError"] as? [String: Any])?["error"] as? String
    }

    /// How long the lane's last batch took (`lastBatch.seconds`).
    func lastBatchSeconds(_ backend: String) throws -> Double? {
        (try backendStatus(backend)["lastBatch"] as? [String: Any])?["seconds"] as? Double
    }

    /// A sample of `/metrics` (0 when absent).
    func metric(_ name: String, _ labels: [String: String]) throws -> Double {
        try PrometheusText(get("/metrics").body).value(name, labels) ?? 0
    }

    /// The `dadns_change_to_applied_seconds` histogram of a backend so far: total seconds and
    /// count, from change accepted to backend applied as dadns itself measures it.
    func appliedLagTotals(_ backend: String) throws -> AppliedLag {
        let metrics = try PrometheusText(get("/metrics").body)
        return AppliedLag(
            seconds: metrics.value("dadns_change_to_applied_seconds_sum", ["backend": backend]) ?? 0,
            count: metrics.value("dadns_change_to_applied_seconds_count", ["backend": backend]) ?? 0)
    }
}

/// Totals of the applied-lag histogram; the difference of two is the mean over a phase.
struct AppliedLag {
    var seconds: Double
    var count: Double

    /// `mean 0.012 s over 10 applies` for the applies between `earlier` and this.
    func since(_ earlier: AppliedLag) -> String {
        let count = self.count - earlier.count
        guard count > 0 else { return "no applies" }
        return "mean \(Figures.format((seconds - earlier.seconds) / count)) s over \(Int(count)) applies"
    }
}
