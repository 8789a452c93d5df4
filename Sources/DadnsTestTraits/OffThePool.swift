import DadnsTestKit
import Testing

/// Runs each test of a suite (or one test) on `BlockingTestExecutor`'s own threads instead of
/// Swift's cooperative pool. For suites whose tests block: synchronous tests that start servers
/// and processes and wait for them, async ones that call the test kit's synchronous helpers. The
/// in-process HTTP tests and the engine's tasks keep the pool's two threads to themselves.
public struct OffThePoolTrait: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        guard testCase != nil else { return try await function() }  // the suite itself: nothing to move
        try await withTaskExecutorPreference(BlockingTestExecutor.shared) {
            // The preference applies from the task's next enqueue: yield once, so even a test
            // body that never suspends (a synchronous one) starts on the executor's threads.
            await Task.yield()
            try await function()
        }
    }
}

extension Trait where Self == OffThePoolTrait {
    /// Runs the tests on threads of their own, off Swift's cooperative pool (`BlockingTestExecutor`).
    public static var offThePool: Self { Self() }
}
