import Foundation

/// Durations a test measures and prints (never asserts: the machine's load decides them).
struct Figures {
    private(set) var values: [Double] = []

    mutating func add(_ seconds: Double?) {
        if let seconds { values.append(seconds) }
    }

    var median: Double? {
        guard !values.isEmpty else { return nil }
        return values.sorted()[values.count / 2]
    }

    /// `n=5, median 0.081 s, max 0.120 s`.
    var summary: String {
        guard let median, let largest = values.max() else { return "n=0" }
        return "n=\(values.count), median \(Self.format(median)) s, max \(Self.format(largest)) s"
    }

    static func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }
}
