import DadnsTestKit
import DadnsTestTraits
import Foundation
import Testing

/// Where test code waits: tests marked `.offThePool` run on `BlockingTestExecutor`'s threads, not
/// on Swift's cooperative pool, and the test kit's async waits leave their thread free while a
/// child process runs.
@Suite("Waiting off the cooperative pool", .offThePool)
struct OffThePoolTests {
    static func onExecutorThread() -> Bool { BlockingTestExecutor.isCurrentThreadOwn }

    @Test func aSynchronousTestRunsOnTheExecutorsThreads() {
        #expect(Self.onExecutorThread())
    }

    @Test func anAsyncTestStaysThereAcrossAwaits() async throws {
        #expect(Self.onExecutorThread())
        try await Task.sleep(nanoseconds: 10_000_000)
        #expect(Self.onExecutorThread())
        _ = try await ProgramRun.status(["/usr/bin/true"])
        #expect(Self.onExecutorThread())
    }

    /// On an executor of one thread, a task that awaits a running program (`ProgramRun`'s async
    /// form, `SpawnedProcess.wait`) does not hold that thread: another task finishes first.
    @Test func awaitingAProgramLeavesTheThreadFree() async throws {
        let executor = BlockingTestExecutor(width: 1)
        final class Order: @unchecked Sendable {
            let lock = NSLock()
            var events: [String] = []
            func note(_ event: String) { lock.withLock { events.append(event) } }
        }
        let order = Order()
        try await withTaskExecutorPreference(executor) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    let status = try await ProgramRun.status(["/usr/bin/sleep", "3"])
                    order.note("program \(status)")
                }
                group.addTask {
                    let process = try SpawnedProcess(["/usr/bin/sleep", "3"], logFile: "/dev/null")
                    let status = await process.wait()
                    order.note("process \(status.map(String.init) ?? "?")")
                }
                group.addTask {
                    try await Task.sleep(nanoseconds: 200_000_000)
                    order.note("other task")
                }
                try await group.waitForAll()
            }
        }
        let events = order.lock.withLock { order.events }
        #expect(events.first == "other task", "\(events)")
        #expect(Set(events) == ["other task", "program 0", "process 0"])
    }
}
