import Foundation
import Testing

/// The README's first command, `swift run dadns serve`, must work on a fresh machine with no
/// configuration file: it runs on the embedded default.
@Suite("README run command")
struct ReadmeCommandTests {
    static func dadns() throws -> String {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("dadns").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath + "/.build/debug/dadns"
    }

    func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.dadns())
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        let out = directory.appendingPathComponent("out.txt"), err = directory.appendingPathComponent("err.txt")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }

    func emptyDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dadns-readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func serveRunsOnTheEmbeddedDefault() throws {
        guard !FileManager.default.fileExists(atPath: "/etc/directdnsonly/app.yml") else { return }
        let (status, stdout, stderr) = try run(["serve"], in: try emptyDirectory())
        #expect(status == 0, "\(stderr)")
        #expect(stdout.contains("configuration: embedded default"))
        #expect(stdout.contains("backends: bind (bind)"))
        #expect(stderr.contains("reloads are skipped"))
    }

    @Test func badConfigurationStopsWithTheKey() throws {
        let directory = try emptyDirectory()
        try "app:\n  listen_port: many\ndns:\n  backends:\n    bind: {enabled: true}\n".write(to: directory.appendingPathComponent("app.yml"), atomically: true, encoding: .utf8)
        let (status, _, stderr) = try run(["serve"], in: directory)
        #expect(status == 78)
        #expect(stderr.contains("app.listen_port"))
        let (checkStatus, _, checkErr) = try run(["check-config"], in: directory, environment: ["DADNS_APP_LISTEN_PORT": "2222"])
        #expect(checkStatus == 0, "\(checkErr)")
    }
}
