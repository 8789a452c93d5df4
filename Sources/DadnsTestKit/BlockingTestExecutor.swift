import Foundation

/// A task executor with threads of its own, off Swift's cooperative pool, for test code that
/// blocks: a synchronous test body (swift-testing calls it from an async context, so it would
/// otherwise hold a pool thread for its whole run), a server started and waited for, a child
/// process waited on. Swift's pool has one thread per core (two here); every in-process HTTP
/// test and every `Task` of the engine under test shares them, so two tests blocking on it
/// stall all the others (the CI run in which 18 route tests timed out together).
///
/// Tests run here through the `.offThePool` trait (DadnsTestTraits), which makes this executor
/// their task executor preference; their awaits resume here too, and actor-isolated code still
/// runs on its actor. The width stays at the core count, so blocking tests run as many at a time
/// as they did on the pool, and no more servers start at once than before.
public final class BlockingTestExecutor: TaskExecutor, @unchecked Sendable {
    /// The executor the `.offThePool` trait runs tests on.
    public static let shared = BlockingTestExecutor(width: max(2, ProcessInfo.processInfo.activeProcessorCount))

    /// Whether the calling code runs on a thread of such an executor (a test can check where it
    /// runs). A mark in the thread's dictionary: the thread's name is no proof, as Linux threads
    /// start with the name of the thread that created them.
    public static var isCurrentThreadOwn: Bool {
        Thread.current.threadDictionary[ownThreadKey] as? Bool == true
    }

    private static let ownThreadKey = "dadns.blocking-test-executor"

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var head = 0

    /// Starts `width` threads that run the jobs enqueued here, in order, for the rest of the process.
    public init(width: Int) {
        for index in 0..<max(1, width) {
            let thread = Thread { [self] in  // the threads keep the executor: they live as long as the process
                Thread.current.threadDictionary[Self.ownThreadKey] = true
                Thread.current.name = "off-pool-\(index)"  // set from the thread itself, so the OS name changes
                self.work()
            }
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while head == jobs.count { condition.wait() }
            let job = jobs[head]
            head += 1
            if head == jobs.count {  // drained: drop the run jobs
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
