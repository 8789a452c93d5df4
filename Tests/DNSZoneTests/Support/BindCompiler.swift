import Foundation
@testable import DNSZone

/// Runs BIND's `named-compilezone` on a zone file: the reference the parser must agree with.
/// The flags reproduce `named-checkzone`'s default checks, except `-i local` instead of
/// `-i full` (full integrity checks look names up on the network). See Corpus/README.md.
enum BindCompiler {
    struct Outcome {
        var accepted: Bool
        /// BIND's dump of the zone (one record per line, absolute names) when accepted.
        var output: [UInt8]
        var messages: String
    }

    static func executable() throws -> String {
        guard let path = ProcessRunner.which("named-compilezone") else {
            throw ProcessRunner.Failure(
                description: "named-compilezone not found: install bind9-utils (apt-get install -y bind9-utils)")
        }
        return path
    }

    static let checkFlags = ["-i", "local", "-k", "warn", "-n", "warn"]

    static func compile(file: URL, origin: String) throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dadns-bind-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.db")
        let result = try ProcessRunner.run(
            try executable(),
            checkFlags + ["-s", "full", "-f", "text", "-F", "text", "-o", output.path, origin, file.path])
        let accepted = result.status == 0
        let dump = accepted ? Array(try Data(contentsOf: output)) : []
        let stdout = String(decoding: result.stdout, as: UTF8.self)
        return Outcome(accepted: accepted, output: dump, messages: stdout + result.stderr)
    }
}
