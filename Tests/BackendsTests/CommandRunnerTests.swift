import Foundation
import Testing
@testable import Backends

@Suite("Command runner")
struct CommandRunnerTests {
    /// Descriptors of this process open on a command runner's output files.
    static func openCommandFiles() -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return entries.filter { entry in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(entry)"))?.contains("/dadns-cmd-") == true
        }.count
    }

    @Test("no descriptor is left open after a command (a long-running daemon runs rndc for ever)")
    func noDescriptorLeak() async throws {
        for _ in 0..<200 {
            let result = try await CommandRunner.run(["/bin/echo", "hello"], input: "ignored", timeout: 30)
            #expect(result.status == 0 && result.output == "hello\n")
        }
        // Other suites may have a command in flight (three descriptors each); a leak leaves 400+.
        #expect(Self.openCommandFiles() <= 9)
    }

    /// rndc, nsd-control and knotc can run for seconds (a reconfig at 100,000 zones): the runner
    /// waits for them on `BlockingWork`'s Dispatch queue, never on one of the few threads of
    /// Swift's cooperative pool, which also serve the HTTP requests. With more commands running
    /// than the pool has threads, a task on the pool still gets to run before any of them ends.
    @Test("commands are waited for off Swift's cooperative pool")
    func commandsAreWaitedForOffThePool() async throws {
        final class Order: @unchecked Sendable {
            let lock = NSLock()
            var events: [String] = []
            func note(_ event: String) { lock.withLock { events.append(event) } }
        }
        let order = Order()
        let commands = ProcessInfo.processInfo.activeProcessorCount + 2
        // Detached: on the global pool, whatever executor the test itself runs on.
        await Task.detached {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<commands {
                    group.addTask {
                        let result = try? await CommandRunner.run(["/usr/bin/sleep", "3"], timeout: 30)
                        order.note("command \(result?.status ?? -1)")
                    }
                }
                group.addTask {
                    try? await Task.sleep(nanoseconds: 200_000_000)
                    order.note("pool task")
                }
            }
        }.value
        let events = order.lock.withLock { order.events }
        #expect(events.first == "pool task", "\(events)")
        #expect(events.filter { $0 == "command 0" }.count == commands, "\(events)")
    }

    @Test("stderr and the exit status are kept for the error message")
    func keepsStandardError() async throws {
        let result = try await CommandRunner.run(["/bin/ls", "/nonexistent-dadns-path"], timeout: 30)
        #expect(result.status != 0 && !result.timedOut)
        #expect(result.summary.contains("nonexistent-dadns-path"), "\(result.summary)")
    }

    @Test("output of several lines is folded into one log line: lines trimmed, blank ones dropped, joined with '; ', bounded")
    func foldsOutputIntoOneLine() async throws {
        let result = try await CommandRunner.run(["/usr/bin/printf", "  rndc: 'reload' failed: not found  \\n\\n\\tno matching zone 'a.example' in any view\\n"], timeout: 30)
        #expect(result.summary == "exit 0: rndc: 'reload' failed: not found; no matching zone 'a.example' in any view", "\(result.summary)")
        let long = try await CommandRunner.run(["/usr/bin/printf", String(repeating: "x\\n", count: 1000)], timeout: 30)
        let folded = Array(repeating: "x", count: 1000).joined(separator: "; ")
        #expect(long.summary == "exit 0: " + folded.prefix(500) + "…", "\(long.summary.count)")
        #expect(CommandRunner.oneLine("ok\nerror: a.example not present\n", "", omitting: ["ok"]) == "error: a.example not present")
    }

    @Test("a command that outlives its timeout is terminated and reported as timed out")
    func timeout() async throws {
        let result = try await CommandRunner.run(["/bin/sleep", "30"], timeout: 0.3)
        #expect(result.timedOut)
        #expect(result.summary == "timed out")
    }

    @Test("a command inherits no descriptor but its standard ones (a killed daemon's rndc must not keep its listening socket)")
    func inheritsNoDescriptors() async throws {
        // A socket opened without SOCK_CLOEXEC, as SwiftNIO opens its listening socket.
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(socket > 2)
        defer { close(socket) }
        let own = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(socket)")
        #expect(own.hasPrefix("socket:"))
        let result = try await CommandRunner.run(["/usr/bin/readlink", "/proc/self/fd/\(socket)"], timeout: 30)
        #expect(result.status != 0, "the child holds descriptor \(socket): \(result.output)")
    }

    @Test("standard input is given to the command")
    func input() async throws {
        let result = try await CommandRunner.run(["/bin/cat"], input: "addzone a.example\n", timeout: 30)
        #expect(result.output == "addzone a.example\n")
    }
}
