import Foundation
import DadnsTestKit

/// Runs a system program (mount, umount, chattr) for a fault-injection test: an argument vector,
/// never a shell, and a time limit after which the program is killed.
enum SystemTool {
    struct Result {
        var status: Int32
        var output: String
        var timedOut: Bool
        var succeeded: Bool { status == 0 && !timedOut }
    }

    /// Runs `path` with `arguments`; its exit status and combined output.
    static func run(_ path: String, _ arguments: [String], timeout: Double = 10) throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: path) else { throw NamedServer.Failure("\(path) is missing") }
        let result = try ProgramRun.run([path] + arguments, errors: .merged, timeout: timeout)
        return Result(status: result.status, output: result.text.trimmingCharacters(in: .whitespacesAndNewlines), timedOut: result.timedOut)
    }

    /// Whether a new file can be created in `directory` right now (the file is removed again).
    static func canCreateFile(in directory: String) -> Bool {
        let probe = "\(directory)/.dadns-probe-\(UUID().uuidString.prefix(8))"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        close(descriptor)
        unlink(probe)
        return true
    }
}
