import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// The short form of `scripts/crash-test.py` (issue 9): zones pushed while `dadns serve` is
/// SIGKILLed and restarted; no acknowledged update may be lost. A second run against a fake
/// daemon that acknowledges and stores nothing proves the script does fail.
@Suite("Crash test script (short form)", .serialized, .offThePool)
struct CrashTestScriptTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var script: String { repository.appendingPathComponent("scripts/crash-test.py").path }

    /// The system's `python3` (its own path, not a wrapper that may fork), else the first in PATH.
    static func python() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in ["/usr/bin"] + path.split(separator: ":").map(String.init) {
            let candidate = "\(directory)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw NamedServer.Failure("python3 not found in PATH")
    }

    /// Runs the script (argument vector, time limit); exit status and everything it printed.
    static func run(_ arguments: [String], timeout: Double = 600) throws -> (status: Int32, output: String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("crash-test-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let child = try SpawnedProcess([python(), script] + arguments, logFile: output.path, directory: repository.path)
        var status = child.wait(timeout: timeout)
        if status == nil {
            child.signal(SIGINT)  // SIGINT: the script stops its servers
            status = child.wait()
        }
        return (status ?? -1, try String(contentsOf: output, encoding: .utf8))
    }

    /// The first number on the summary line starting with `label` (nil: no such line).
    static func figure(_ label: String, in output: String) -> Int? {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix(label) }) else { return nil }
        return line.dropFirst(label.count).split(whereSeparator: { !$0.isNumber }).first.flatMap { Int($0) }
    }

    @Test func noAcknowledgedUpdateIsLostWhileDadnsIsKilled() throws {
        let seed = Int.random(in: 1...1_000_000)
        let (status, output) = try Self.run([
            "--binary", try TestBinaries.dadns(), "--zones", "200", "--updates", "3", "--kills", "6", "--seed", "\(seed)",
            "--converge-timeout", "120",
        ])
        #expect(status == 0, "seed \(seed):\n\(output.suffix(4000))")
        #expect(Self.figure("lost acked updates:", in: output) == 0, "\(output.suffix(4000))")
        #expect(Self.figure("kills:", in: output) == 6, "\(output.suffix(4000))")
        #expect(Self.figure("zones:", in: output) == 200, "\(output.suffix(4000))")
        #expect((Self.figure("acked updates:", in: output) ?? 0) >= 600, "\(output.suffix(4000))")
        #expect(Self.figure("missing in named:", in: output) == 0, "\(output.suffix(4000))")
        #expect(Self.figure("missing in MariaDB:", in: output) == 0, "\(output.suffix(4000))")
        #expect(Self.figure("checkzone failures:", in: output) == 0, "\(output.suffix(4000))")
        #expect(Self.figure("leftover temp files:", in: output) == 0, "\(output.suffix(4000))")
    }

    /// A daemon that answers `error=0` to everything and keeps nothing: every acknowledged zone is
    /// lost, and the script must say so and exit 1.
    @Test func theScriptFailsWhenAcknowledgedUpdatesAreLost() throws {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-fake-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fake = directory.appendingPathComponent("fake-dadns").path
        try """
            #!\(try Self.python())
            import http.server, re, signal, sys
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            config = open(sys.argv[sys.argv.index("--config") + 1]).read()
            port = int(re.search(r"listen_port: (\\d+)", config).group(1))
            class Handler(http.server.BaseHTTPRequestHandler):
                def answer(self):
                    self.rfile.read(int(self.headers.get("Content-Length") or 0))
                    body = b'{"zones": []}' if self.path.startswith("/api/zones") else b"error=0"
                    self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
                    self.wfile.write(body)
                do_GET = do_POST = answer
                def log_message(self, *args): pass
            http.server.ThreadingHTTPServer.allow_reuse_address = True
            http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()

            """.write(toFile: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)

        let (status, output) = try Self.run([
            "--binary", fake, "--zones", "20", "--updates", "2", "--kills", "2", "--seed", "1", "--delete-share", "0",
            "--converge-timeout", "3",
        ], timeout: 180)
        #expect(status == 1, "\(output.suffix(4000))")
        #expect(Self.figure("lost acked updates:", in: output) == 20, "\(output.suffix(4000))")
        #expect(Self.figure("missing in named:", in: output) == 20, "\(output.suffix(4000))")
        #expect(Self.figure("missing in MariaDB:", in: output) == 20, "\(output.suffix(4000))")
        #expect(output.contains("FAILED"), "\(output.suffix(4000))")
        // The script keeps its work directory on failure, for a person to read; this failure was
        // the point of the test.
        let kept = output.split(separator: "\n").compactMap { line in
            line.range(of: "work dir kept: ").map { String(line[$0.upperBound...]) }
        }
        #expect(kept.count == 1, "\(output.suffix(4000))")
        for path in kept where path.hasPrefix("/tmp/dcr-") { try? FileManager.default.removeItem(atPath: path) }
    }
}
