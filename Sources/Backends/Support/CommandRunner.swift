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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        if let input {
            let inURL = directory.appendingPathComponent("in")
            try Data(input.utf8).write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let timedOut = TimeoutFlag()
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                guard process.isRunning else { return }
                timedOut.set()
                kill(pid, SIGTERM)
                DispatchQueue.global().asyncAfter(deadline: .now() + 2) { if process.isRunning { kill(pid, SIGKILL) } }
            }
        }
        return Result(
            status: status,
            output: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            errorOutput: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "",
            timedOut: timedOut.value)
    }
}

/// A flag set from the timeout timer and read after the process ended.
private final class TimeoutFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    func set() { lock.withLock { raised = true } }
    var value: Bool { lock.withLock { raised } }
}
