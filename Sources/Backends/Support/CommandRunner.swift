import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs external programs (rndc, nsd-control) with an argument vector — never a shell — and a
/// time limit, keeping their output for error messages.
///
/// Started with `posix_spawn`, not Foundation's `Process`: on Linux every `Process` object leaks
/// (with its file handles and run-loop source, ~2.5 KiB per command — swift-corelibs-foundation
/// issue 3260), which a daemon that runs rndc for every batch cannot afford. `ChildSpawn` gives the
/// child every signal at its default; its output goes to anonymous memory files, and the wait
/// happens on a blocking-work thread.
public enum CommandRunner {
    public struct Result: Sendable, Equatable {
        public var status: Int32
        public var output: String
        public var errorOutput: String
        public var timedOut: Bool

        /// A one-line account for logs and stored errors: the exit status and standard error
        /// (standard output when there is none), folded by `oneLine`.
        public var summary: String {
            if timedOut { return "timed out" }
            let text = CommandRunner.oneLine(errorOutput.isEmpty ? output : errorOutput)
            return "exit \(status)" + (text.isEmpty ? "" : ": " + text)
        }
    }

    /// Program output as one log line: each line trimmed, empty lines and those in `omitting`
    /// dropped, the rest joined with "; ", cut to `limit` characters (marked with "…").
    public static func oneLine(_ texts: String..., omitting: Set<String> = [], limit: Int = 500) -> String {
        let lines = texts.flatMap { $0.split(whereSeparator: \.isNewline) }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !omitting.contains($0) }
        let text = lines.joined(separator: "; ")
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    /// Runs `arguments[0]` (an absolute path) with the rest as its arguments; standard input from
    /// `input`, else /dev/null. Throws when the program cannot be started.
    public static func run(_ arguments: [String], input: String? = nil, timeout: Double) async throws -> Result {
        guard let program = arguments.first else { throw SpawnFailure(description: "no program given") }
        let outcome: Swift.Result<Result, Error> = await BlockingWork.run {
            Swift.Result { try runBlocking(program: program, arguments: arguments, input: input, timeout: timeout) }
        }
        return try outcome.get()
    }

    /// Why a program could not be started.
    public struct SpawnFailure: Error, CustomStringConvertible {
        public var description: String
    }

    private static func runBlocking(program: String, arguments: [String], input: String?, timeout: Double) throws -> Result {
        let output = try MemoryFile("stdout"), errorOutput = try MemoryFile("stderr")
        let standardInput = try input.map { text -> MemoryFile in
            let file = try MemoryFile("stdin")
            try file.write(Array(text.utf8))
            return file
        }
        let (pid, spawnError) = ChildSpawn.spawn(arguments) { actions in
            if let standardInput {
                posix_spawn_file_actions_adddup2(&actions, standardInput.descriptor, 0)
            } else {
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            }
            posix_spawn_file_actions_adddup2(&actions, output.descriptor, 1)
            posix_spawn_file_actions_adddup2(&actions, errorOutput.descriptor, 2)
        }
        guard spawnError == 0 else {
            throw SpawnFailure(description: "cannot run \(program): \(String(cString: strerror(spawnError)))")
        }
        let child = RunningChild(pid: pid)
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
            guard child.signal(SIGTERM, timingOut: true) else { return }
            DispatchQueue.global().asyncAfter(deadline: .now() + 2) { _ = child.signal(SIGKILL, timingOut: true) }
        }
        let status = child.waitForExit()
        return Result(
            status: status, output: output.readText(), errorOutput: errorOutput.readText(), timedOut: child.timedOut)
    }
}

/// A child process that is signalled only while it has not been reaped, so a timer firing late
/// can never hit another process that got the same pid.
private final class RunningChild: @unchecked Sendable {
    let pid: pid_t
    private let lock = NSLock()
    private var exited = false
    private var raised = false

    init(pid: pid_t) { self.pid = pid }

    var timedOut: Bool { lock.withLock { raised } }

    /// Sends `signal` unless the child has exited; true when sent.
    func signal(_ signal: Int32, timingOut: Bool) -> Bool {
        lock.withLock {
            guard !exited else { return false }
            if timingOut { raised = true }
            kill(pid, signal)
            return true
        }
    }

    /// Waits for the exit without reaping (the pid stays ours), marks it, then reaps; returns the
    /// exit status, or 128 + the signal that ended it.
    func waitForExit() -> Int32 {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        lock.withLock { exited = true }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}

/// An anonymous file in memory (`memfd_create`), closed on exec and when released.
private final class MemoryFile {
    let descriptor: Int32

    init(_ name: String) throws {
        descriptor = systemMemoryFileCreate(name, 1 /* MFD_CLOEXEC */)
        guard descriptor >= 0 else {
            throw CommandRunner.SpawnFailure(description: "memfd_create: \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    func write(_ bytes: [UInt8]) throws {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw CommandRunner.SpawnFailure(description: "cannot buffer input: \(String(cString: strerror(errno)))") }
            written += count
        }
        lseek(descriptor, 0, SEEK_SET)
    }

    /// Everything written to the file (by the child), as text.
    func readText() -> String {
        lseek(descriptor, 0, SEEK_SET)
        return String(decoding: (try? FileReading.read(descriptor: descriptor)) ?? [], as: UTF8.self)
    }
}

@_silgen_name("memfd_create")
private func systemMemoryFileCreate(_ name: UnsafePointer<CChar>, _ flags: UInt32) -> Int32
