import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// `scripts/load-test.py` in a short form, so the soak test cannot rot between its long runs:
/// mixed traffic with bursts into named and MariaDB for half a minute, then every zone checked.
@Suite("Load test script (short form)", .offThePool)
struct LoadTestScriptTests {
    @Test("mixed traffic for 30 s: every acknowledged change served, no request failed")
    func shortLoad() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let (status, text) = try ProgramRun.output([
            "/usr/bin/env", "python3", repository.appendingPathComponent("scripts/load-test.py").path, "--binary", try TestBinaries.dadns(),
            "--minutes", "0.5", "--zones", "150", "--rate", "30", "--burst-every", "10", "--burst-size", "60",
            "--sample-seconds", "1",
        ])
        #expect(status == 0, "\(text)")
        #expect(text.contains("lost acknowledged changes: 0"), "\(text)")
        #expect(text.contains("converged after the traffic: yes"), "\(text)")
        // The figures are there to read: requests were sent and samples taken.
        #expect(text.contains("RSS MB: first quarter median"), "\(text)")
    }
}
