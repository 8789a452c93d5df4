import Foundation
import Metrics

#if canImport(Glibc)
import Glibc
#endif

/// The longest single backend call of a healing pass: a pass compares a backend page by page,
/// so however many zones there are, the backend is never held longer than one page at a time.
struct HoldTimer {
    private(set) var longest = 0.0

    mutating func time<T>(_ call: () async throws -> T) async rethrows -> T {
        let started = ProcessCPUTime.monotonic()
        defer { longest = max(longest, ProcessCPUTime.monotonic() - started) }
        return try await call()
    }
}

/// CPU and monotonic time of this process, for the cost of a pass.
enum ProcessCPUTime {
    /// User plus system CPU seconds this process has used.
    static func seconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
    }

    static func monotonic() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

extension HealReport {
    mutating func finish(started: Double, now: Double, cpuAtStart: Double, holds: HoldTimer) {
        seconds = max(0, now - started)
        cpuSeconds = max(0, ProcessCPUTime.seconds() - cpuAtStart)
        longestHoldSeconds = holds.longest
    }

    /// `(… s, longest backend hold … ms, CPU … s)` for the pass's log line.
    var costDescription: String {
        String(format: " (%.2f s, longest backend hold %.0f ms, CPU %.2f s)", seconds ?? 0, (longestHoldSeconds ?? 0) * 1000, cpuSeconds ?? 0)
    }
}

extension Healer {
    /// `dadns_heal_pass_seconds`, `dadns_heal_longest_hold_seconds` and `dadns_heal_cpu_seconds`
    /// of the last pass, per backend.
    static func recordCost(of report: HealReport, backend: String) {
        let dimensions = [("backend", backend)]
        Gauge(label: "dadns_heal_pass_seconds", dimensions: dimensions).record(report.seconds ?? 0)
        Gauge(label: "dadns_heal_longest_hold_seconds", dimensions: dimensions).record(report.longestHoldSeconds ?? 0)
        Gauge(label: "dadns_heal_cpu_seconds", dimensions: dimensions).record(report.cpuSeconds ?? 0)
    }
}
