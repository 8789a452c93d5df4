import DadnsTestKit
import Foundation

/// Samples a process's resident memory on its own thread (every 200 ms) while a benchmark runs:
/// the highest RSS seen, split into anonymous (heap) and file-backed pages, and when it was seen.
/// VmHWM alone gives the peak but not what it was made of or when.
final class RSSSampler: @unchecked Sendable {
    /// One look at the process.
    struct Sample {
        var seconds: Double
        var rss: Int
        var anonymous: Int
        var file: Int
    }

    private let lock = NSLock()
    private var highest: Sample?
    private var stopped = false

    /// Starts sampling `pid`; `started` is the time samples are counted from (`Clock.now()`).
    init(pid: pid_t, started: Double) {
        Thread.detachNewThread { [self] in
            while !lock.withLock({ stopped }) {
                let sample = Sample(
                    seconds: Clock.now() - started, rss: ProcessMemory.currentRSS(of: pid),
                    anonymous: ProcessMemory.anonymousRSS(of: pid), file: ProcessMemory.fileRSS(of: pid))
                lock.withLock { if sample.rss > (highest?.rss ?? 0) { highest = sample } }
                usleep(200_000)
            }
        }
    }

    /// The sample with the highest RSS so far.
    var peak: Sample? { lock.withLock { highest } }

    func stop() { lock.withLock { stopped = true } }

    /// `peak 197.3 MB at 84.2 s (heap 150.1 MB, files 47.2 MB)`.
    static func describe(_ sample: Sample?) -> String {
        guard let sample else { return "no sample" }
        return String(format: "peak %.1f MB at %.1f s (heap %.1f MB, files %.1f MB)",
                      Double(sample.rss) / 1e6, sample.seconds, Double(sample.anonymous) / 1e6, Double(sample.file) / 1e6)
    }
}
