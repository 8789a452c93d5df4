import Foundation
import Testing
import DadnsTestKit

/// `scripts/load-test.py` in a short form, so the soak test cannot rot between its long runs:
/// mixed traffic with bursts into named and MariaDB for half a minute, then every zone checked.
@Suite("Load test script (short form)")
struct LoadTestScriptTests {
    @Test("mixed traffic for 30 s: every acknowledged change served, no request failed")
    func shortLoad() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("dadns-load-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", repository.appendingPathComponent("scripts/load-test.py").path, "--binary", try TestBinaries.dadns(),
            "--minutes", "0.5", "--zones", "150", "--rate", "30", "--burst-every", "10", "--burst-size", "60",
            "--sample-seconds", "1",
        ]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = process.standardOutput
        try process.run()
        process.waitUntilExit()
        let text = try String(contentsOf: output, encoding: .utf8)
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("lost acknowledged changes: 0"), "\(text)")
        #expect(text.contains("converged after the traffic: yes"), "\(text)")
        // The figures are there to read: requests were sent and samples taken.
        #expect(text.contains("RSS MB: first quarter median"), "\(text)")
    }
}
