import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// Two `dadns serve` on one store: the second stops at start-up, names the first, and changes
/// nothing; once the first has stopped the store starts again.
@Suite("One daemon per store", .offThePool)
struct StoreLockEndToEndTests {
    @Test func aSecondDaemonOnTheSameStoreStopsAndNamesTheFirst() throws {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-lock-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let backends = """
            bind:
              enabled: true
              zones_dir: \(directory.path)/zones
              named_conf: \(directory.path)/named.conf.include
              reload: false
            """
        let first = try DadnsProcess(directory: directory, backends: backends)
        defer { first.stop() }
        let secondConfig = directory.appendingPathComponent("second.yml").path
        let config = try String(contentsOfFile: first.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "listen_port: \(first.port)", with: "listen_port: \(try FreePort.find())")
            .write(toFile: secondConfig, atomically: true, encoding: .utf8)

        let output = directory.appendingPathComponent("second.log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let second = try SpawnedProcess([TestBinaries.dadns(), "serve", "--config", secondConfig], logFile: output.path)
        let status = second.wait(timeout: 20)
        let exited = status != nil
        if !exited { second.kill() }
        let log = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(exited, "the second daemon kept running: \(log.suffix(2000))")
        #expect(status == 75)
        #expect(log.contains(
            "another dadns (pid \(first.process.pid)) is using the store \(directory.path)/data/dadns.db"), "\(log)")
        #expect(try first.get("/health").status == 200)

        #expect(first.stop() == 0)
        let restarted = try DadnsProcess(directory: directory, backends: backends)
        #expect(try restarted.get("/health").status == 200)
        #expect(restarted.stop() == 0)
    }
}
