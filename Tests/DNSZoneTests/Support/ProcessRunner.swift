import DadnsTestKit
import Foundation

/// Runs a program with an argument vector and a timeout (`ProgramRun`), standard output and
/// error kept apart.
struct ProcessResult: Sendable {
    var status: Int32
    var stdout: Data
    var stderr: String
}

enum ProcessRunner {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(
        _ executable: String, _ arguments: [String], stdin: Data? = nil, timeout: TimeInterval = 60
    ) throws -> ProcessResult {
        let result = try ProgramRun.run([executable] + arguments, input: stdin, errors: .separate, timeout: timeout)
        if result.timedOut { throw Failure(description: "\(executable) timed out after \(timeout) s") }
        return ProcessResult(status: result.status, stdout: result.output, stderr: result.errors)
    }

    /// Absolute path of a program from PATH or the usual system directories.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        for directory in directories {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
