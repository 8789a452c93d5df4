import Foundation

/// Runs external programs (rndc, nsd-control) with an argument vector — never a shell — and a
/// time limit, keeping their output for error messages.
public enum CommandRunner {
    public struct Result: Sendable, Equatable {
        public var status: Int32
        public var output: String
        public var errorOutput: String
        public var timedOut: Bool

        /// A one-line account for logs and stored errors.
        public var summary: String {
            if timedOut { return "timed out" }
            let text = (errorOutput.isEmpty ? output : errorOutput).trimmingCharacters(in: .whitespacesAndNewlines)
            return "exit \(status)" + (text.isEmpty ? "" : ": " + String(text.prefix(500)))
        }
    }

    /// Runs `arguments[0]` with the rest as its arguments; standard input from `input`.
    public static func run(_ arguments: [String], input: String? = nil, timeout: Double) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dadns-cmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("out"), errURL = directory.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        // The handles are closed here, not left to the Process object: its timeout timer may
        // keep it alive for `timeout` seconds, and two descriptors per rndc call add up.
        let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        var inHandle: FileHandle?
        defer { try? inHandle?.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardOutput = outHandle
        process.standardError = errHandle
        if let input {
            let inURL = directory.appendingPathComponent("in")
            try Data(input.utf8).write(to: inURL)
            inHandle = try FileHandle(forReadingFrom: inURL)
            process.standardInput = inHandle
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let state = CommandState()
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                state.finish()
                continuation.resume(returning: finished.terminationStatus)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            // The timers hold the pid and the shared state only, never the Process.
            let pid = process.processIdentifier
            let terminate = DispatchWorkItem {
                guard state.timeOut() else { return }
                kill(pid, SIGTERM)
                DispatchQueue.global().asyncAfter(deadline: .now() + 2) { if state.isRunning { kill(pid, SIGKILL) } }
            }
            state.timer = terminate
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: terminate)
        }
        return Result(
            status: status,
            output: FileReading.text(path: outURL.path) ?? "",
            errorOutput: FileReading.text(path: errURL.path) ?? "",
            timedOut: state.timedOut)
    }
}

/// Whether the command is still running and whether its time ran out, shared by the
/// termination handler and the timeout timer.
private final class CommandState: @unchecked Sendable {
    private let lock = NSLock()
    private var running = true
    private var raised = false
    private var pendingTimer: DispatchWorkItem?

    /// The timeout timer, cancelled when the command ends.
    var timer: DispatchWorkItem? {
        get { lock.withLock { pendingTimer } }
        set {
            let cancelNow: Bool = lock.withLock {
                pendingTimer = newValue
                return !running
            }
            if cancelNow { newValue?.cancel() }
        }
    }

    var isRunning: Bool { lock.withLock { running } }
    var timedOut: Bool { lock.withLock { raised } }

    func finish() {
        let timer: DispatchWorkItem? = lock.withLock {
            running = false
            defer { pendingTimer = nil }
            return pendingTimer
        }
        timer?.cancel()
    }

    /// Marks the command as timed out; false when it has already ended.
    func timeOut() -> Bool {
        lock.withLock {
            guard running else { return false }
            raised = true
            return true
        }
    }
}
