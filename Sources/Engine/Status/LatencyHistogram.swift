/// Push-to-applied latencies of one minute, in fixed buckets: memory stays the same however many
/// zones apply. Quantiles are the upper bound of the bucket they fall in, never above the largest
/// latency seen.
public struct LatencyHistogram: Sendable, Equatable {
    /// The buckets' upper bounds in seconds; the last bucket holds everything above the last bound.
    public static let bounds: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600]

    /// Latencies per bucket (`bounds.count + 1` of them).
    public private(set) var counts = [Int](repeating: 0, count: LatencyHistogram.bounds.count + 1)
    public private(set) var count = 0
    /// The largest latency recorded; nil before any.
    public private(set) var max: Double?

    public init() {}

    public mutating func record(_ seconds: Double) {
        let value = Swift.max(0, seconds)
        let bucket = Self.bounds.firstIndex { value <= $0 } ?? Self.bounds.count
        counts[bucket] += 1
        count += 1
        max = Swift.max(max ?? value, value)
    }

    /// The latency below which the fraction `q` (0…1) of the recorded ones lie; nil without any.
    public func quantile(_ q: Double) -> Double? {
        guard let max, count > 0 else { return nil }
        let rank = Swift.max(1, Int((q * Double(count)).rounded(.up)))
        var seen = 0
        for (bucket, inBucket) in counts.enumerated() {
            seen += inBucket
            if seen >= rank { return bucket < Self.bounds.count ? Swift.min(Self.bounds[bucket], max) : max }
        }
        return max
    }
}
