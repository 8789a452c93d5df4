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
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("dadns-tool-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let handle = try FileHandle(forWritingTo: outputFile)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        let timedOut = process.isRunning
        if timedOut { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try handle.close()
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, output: output.trimmingCharacters(in: .whitespacesAndNewlines), timedOut: timedOut)
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
