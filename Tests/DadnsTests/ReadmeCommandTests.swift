import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import DadnsTestKit
import DadnsTestTraits

/// The README's first command, `swift run dadns serve`, must work on a fresh machine with no
/// configuration file: it runs on the embedded default.
@Suite("README run command", .offThePool)
struct ReadmeCommandTests {
    static func dadns() throws -> String { try TestBinaries.dadns() }

    func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> (Int32, String, String) {
        let result = try ProgramRun.run(
            [Self.dadns()] + arguments, errors: .separate,
            environment: ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }, directory: directory.path)
        return (result.status, result.text, result.errors)
    }

    func emptyDirectory() throws -> URL {
        let directory = try Scratch.directory("readme")
        return directory
    }

    @Test func serveRunsOnTheEmbeddedDefaultAndStopsOnSIGTERM() async throws {
        guard !FileManager.default.fileExists(atPath: "/etc/directdnsonly/app.yml") else { return }
        let directory = try emptyDirectory()
        let port = try FreePort.find()
        let log = directory.appendingPathComponent("serve.log")
        let process = try SpawnedProcess(
            [Self.dadns(), "serve"], logFile: log.path,
            environment: ["PATH": "/usr/bin:/bin", "DADNS_APP_LISTEN_PORT": String(port), "DADNS_APP_LISTEN_ADDRESS": "127.0.0.1", "DADNS_APP_AUTH_PASSWORD": "pw"],
            directory: directory.path)
        defer { process.terminate() }
        var healthy = false
        for _ in 0..<100 where !healthy {
            try await Task.sleep(for: .milliseconds(100))
            if let (data, _) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/health")!) {
                healthy = String(decoding: data, as: UTF8.self) == "ok\n"
            }
        }
        #expect(healthy, "\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        process.signal(SIGTERM)
        let status = await process.wait()
        let output = try String(contentsOf: log, encoding: .utf8)
        #expect(status == 0, "\(output)")
        #expect(output.contains("configuration: embedded default"))
        #expect(output.contains("reloads are skipped"))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("data/directdnsonly.db").path))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("data/named.conf.include").path))
    }

    @Test func theDeploymentExampleLoadsWithoutWarningsAndTakesItsSecretsFromTheEnvironmentFile() throws {
        let contrib = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("contrib")
        let environmentFile = try String(contentsOf: contrib.appendingPathComponent("systemd/dadns.env"), encoding: .utf8)
        var environment: [String: String] = [:]
        for line in environmentFile.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { environment[parts[0]] = parts[1] }
        }
        #expect(environment["DADNS_APP_AUTH_PASSWORD"] != nil)
        let (status, stdout, stderr) = try run(
            // --config-only: the file is for the deployed host (rndc key, /var/lib/bind), not this one.
            ["check-config", "--config-only", "--config", contrib.appendingPathComponent("app.yml").path], in: try emptyDirectory(),
            environment: environment)
        #expect(status == 0, "\(stderr)")
        #expect(stderr.isEmpty, "warnings: \(stderr)")
        #expect(stdout.contains("db_location: /var/lib/dadns/directdnsonly.db"))
        #expect(stdout.contains("named_conf: /var/lib/bind/dadns/named.conf.include"))
        // The password from the environment file is in effect, and masked.
        #expect(!stdout.contains("change-me"))
        #expect(stdout.contains("# from the environment: app.auth_password"), "\(stdout)")
        #expect(
            stdout.contains(
                "app:\n  auth_username: directdnsonly  # User name DirectAdmin authenticates with.\n"
                    + "  auth_password: '********'  # Password DirectAdmin authenticates with.\n"),
            "\(stdout)")
    }

    @Test func badConfigurationStopsWithTheKey() throws {
        let directory = try emptyDirectory()
        try "app:\n  listen_port: many\ndns:\n  backends:\n    bind: {enabled: true}\n".write(to: directory.appendingPathComponent("app.yml"), atomically: true, encoding: .utf8)
        let (status, _, stderr) = try run(["serve"], in: directory)
        #expect(status == 78)
        #expect(stderr.contains("app.listen_port"))
        let (checkStatus, _, checkErr) = try run(
            ["check-config", "--config-only"], in: directory, environment: ["DADNS_APP_LISTEN_PORT": "2222"])
        #expect(checkStatus == 0, "\(checkErr)")
    }
}
