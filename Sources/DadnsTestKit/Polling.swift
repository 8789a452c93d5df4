import Foundation

/// Waiting for a condition from an async test without holding a thread of Swift's cooperative
/// pool: between checks the task sleeps (`Task.sleep`), so other tests' tasks run. Swift's pool
/// has one thread per core; a test that waits with `Thread.sleep` for a minute holds one of two
/// threads here, and two such tests stall every other test in the process (in-process HTTP
/// servers then time out). Use this for any wait in async code; synchronous test code that
/// blocks runs `.offThePool` (see docs/testing.md, "Waiting in tests").
public enum Polling {
    /// Checks `check` every `interval` seconds until it holds, for at most `seconds`; the last
    /// answer of `check` when time is up.
    public static func until(seconds: Double, interval: Double = 0.05, _ check: () throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try check() { return true }
            try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
        }
        return try check()
    }
}
