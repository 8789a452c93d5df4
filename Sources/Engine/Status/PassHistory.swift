/// What a periodic pass (healing, reconciliation, peer sync) has done, as `/status` shows it:
/// when the last pass finished, its report, and how many passes ran.
public struct PassHistory<Report: Sendable>: Sendable {
    public private(set) var lastRun: Double?
    public private(set) var lastReport: Report?
    public private(set) var passes = 0
    /// A pass is under way. An actor's pass yields at every await, so a second call would
    /// otherwise start a second pass beside the first.
    var running = false

    /// A pass finished at `time` with `report`.
    mutating func record(_ report: Report, at time: Double) {
        lastRun = time
        lastReport = report
        passes += 1
    }
}
