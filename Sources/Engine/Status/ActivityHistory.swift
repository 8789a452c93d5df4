/// What this node did per minute over the last 24 hours, in memory: DirectAdmin pushes accepted
/// (fed by `ZoneReceiver`), zones applied and failed per backend and the push-to-applied latency
/// (fed by each `DispatcherLane` once a batch's outcomes are stored). A ring of one bucket per
/// minute: a bucket is reused when its minute comes round again, so memory stays fixed. On a
/// shared store every node keeps its own; a restart starts empty.
public actor ActivityHistory {
    /// One day of minutes.
    public static let defaultMinutes = 1440

    /// One minute's counts.
    struct Minute {
        /// Minutes since 1970; nil for a bucket never used.
        var minute: Int64?
        var pushes = 0
        var applied: [Int]
        var failed: [Int]
        var latency = LatencyHistogram()

        init(minute: Int64?, backends: Int) {
            self.minute = minute
            applied = [Int](repeating: 0, count: backends)
            failed = applied
        }
    }

    /// How many minutes are kept.
    public nonisolated let minutes: Int
    private var backends: [String]
    private var ring: [Minute]

    /// A history for `backends` (the configured ones, in order; others are added when they report).
    public init(backends: [String], minutes: Int = ActivityHistory.defaultMinutes) {
        self.backends = backends
        self.minutes = max(1, minutes)
        ring = Array(repeating: Minute(minute: nil, backends: backends.count), count: max(1, minutes))
    }

    /// A DirectAdmin save or delete stored at `time` (seconds since 1970).
    public func recordPush(at time: Double) {
        update(at: time) { $0.pushes += 1 }
    }

    /// A batch's outcomes on `backend`, stored at `time`: `latencies` are the seconds from each
    /// applied change's acceptance to `time`.
    public func recordApplies(backend: String, applied: Int, failed: Int, latencies: [Double], at time: Double) {
        let index = backendIndex(backend)
        update(at: time) { bucket in
            bucket.applied[index] += applied
            bucket.failed[index] += failed
            for latency in latencies { bucket.latency.record(latency) }
        }
    }

    /// The last `minutes` minutes up to the one holding `now`, oldest first.
    public func document(now: Double) -> ActivityDocument {
        let current = Self.minute(of: now)
        let first = current - Int64(minutes) + 1
        let buckets = (0..<minutes).map { offset -> Minute in
            let minute = first + Int64(offset)
            let bucket = ring[slot(minute)]
            return bucket.minute == minute ? bucket : Minute(minute: minute, backends: backends.count)
        }
        return ActivityDocument(
            stepSeconds: 60, start: Double(first) * 60, pushes: buckets.map(\.pushes),
            backends: backends.enumerated().map { index, name in
                .init(name: name, applied: buckets.map { $0.applied[index] }, failed: buckets.map { $0.failed[index] })
            },
            latency: .init(
                count: buckets.map(\.latency.count), p50: buckets.map { $0.latency.quantile(0.5) },
                p95: buckets.map { $0.latency.quantile(0.95) }, max: buckets.map(\.latency.max)))
    }

    static func minute(of time: Double) -> Int64 { Int64((time / 60).rounded(.down)) }

    private func slot(_ minute: Int64) -> Int {
        let count = Int64(minutes)
        return Int(((minute % count) + count) % count)
    }

    /// Changes the bucket of `time`'s minute, starting it afresh when it last held an older
    /// minute. A time older than the minute its bucket holds now (a day late) is dropped.
    private func update(at time: Double, _ change: (inout Minute) -> Void) {
        let minute = Self.minute(of: time)
        let index = slot(minute)
        if let held = ring[index].minute, held > minute { return }
        if ring[index].minute != minute { ring[index] = Minute(minute: minute, backends: backends.count) }
        change(&ring[index])
    }

    private func backendIndex(_ name: String) -> Int {
        if let index = backends.firstIndex(of: name) { return index }
        backends.append(name)
        for index in ring.indices {
            ring[index].applied.append(0)
            ring[index].failed.append(0)
        }
        return backends.count - 1
    }
}
