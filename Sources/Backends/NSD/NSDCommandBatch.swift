/// What one batch of nsd-control commands has met so far. Once a command timed out, NSD is hung
/// or unreachable: the remaining commands of the batch are not tried (each would wait as long,
/// holding the lane for a timeout per zone); their zones fail at once and are retried on the
/// schedule, as BIND's lane does after an rndc timeout.
struct NSDCommandBatch: Sendable {
    /// The command that timed out (`addzone a.example`, `addzones`, …), once one has.
    private(set) var timedOut: String?

    /// Notes a command's result.
    mutating func record(_ arguments: [String], timedOut: Bool) {
        if timedOut && self.timedOut == nil { self.timedOut = arguments.prefix(2).joined(separator: " ") }
    }

    /// Why a command is not run, once an earlier one timed out.
    var refusal: String? {
        timedOut.map { "not tried: nsd-control \($0) timed out in this batch" }
    }
}
