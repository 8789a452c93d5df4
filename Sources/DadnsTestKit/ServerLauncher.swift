import Foundation

/// Starts server processes from one thread that lives as long as the test process.
///
/// The servers run under `setpriv --pdeathsig TERM` so they die with a killed test run. But
/// Linux sends that signal when the *thread* that spawned the child exits, not the process — and
/// the worker threads tests run on come and go. A server spawned from one would be killed in the
/// middle of its test when the pool retires the thread (seen as "rndc: connection refused"
/// under load). Spawning from this permanent thread ties the servers to the process instead.
public enum ServerLauncher {
    private final class Job: @unchecked Sendable {
        let body: () throws -> Void
        var error: (any Error)?
        let done = DispatchSemaphore(value: 0)
        init(_ body: @escaping () throws -> Void) { self.body = body }
    }

    private final class Queue: @unchecked Sendable {
        let lock = NSCondition()
        var jobs: [Job] = []
    }

    private static let queue: Queue = {
        let queue = Queue()
        let thread = Thread {
            while true {
                queue.lock.lock()
                while queue.jobs.isEmpty { queue.lock.wait() }
                let job = queue.jobs.removeFirst()
                queue.lock.unlock()
                do { try job.body() } catch { job.error = error }
                job.done.signal()
            }
        }
        thread.name = "server-launcher"
        thread.start()
        return queue
    }()

    /// Runs `body` (which spawns a child) on the permanent launcher thread and waits for it.
    public static func perform(_ body: @escaping () throws -> Void) throws {
        let job = Job(body)
        queue.lock.lock()
        queue.jobs.append(job)
        queue.lock.signal()
        queue.lock.unlock()
        job.done.wait()
        if let error = job.error { throw error }
    }
}
