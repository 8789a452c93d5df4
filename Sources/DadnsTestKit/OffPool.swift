import Foundation

/// Runs a blocking call from async test code on a thread of its own, never on Swift's
/// cooperative pool: a server's start-up and readiness wait, a Galera cluster's sync. The
/// awaiting task is suspended meanwhile, so its pool thread serves other tests. (Whole suites of
/// synchronous tests run `.offThePool` instead.)
public enum OffPool {
    /// Runs `body` on a new thread and returns (or throws) what it did.
    public static func run<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}
