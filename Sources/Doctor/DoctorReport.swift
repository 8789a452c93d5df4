import Backends
import DadnsConfiguration
import Foundation

/// What `dadns doctor` found, as lines for a person or JSON, and the exit status:
/// 0 no errors (warnings allowed), 1 an error that stops a backend (rndc, nsd-control or MariaDB
/// not answering), 78 an error that stops start-up (a path, the port, a TLS file).
public struct DoctorReport: Codable, Sendable {
    public var findings: [DoctorFinding]

    public static let exitBackendError: Int32 = 1
    public static let exitStartUpError: Int32 = 78

    /// Runs every check for `config`.
    public static func run(_ config: AppConfig) async -> DoctorReport {
        DoctorReport(findings: DoctorStartupChecks.run(config) + (await DoctorServiceChecks.run(config)))
    }

    public var exitStatus: Int32 {
        let errors = findings.filter { $0.level == .error }
        if errors.contains(where: \.stopsStartUp) { return Self.exitStartUpError }
        return errors.isEmpty ? 0 : Self.exitBackendError
    }

    public var summary: String {
        func count(_ level: DoctorFinding.Level) -> Int { findings.filter { $0.level == level }.count }
        let stopping = findings.filter { $0.level == .error && $0.stopsStartUp }.count
        return "\(count(.ok)) ok, \(count(.warning)) warning(s), \(count(.error)) error(s)"
            + (stopping > 0 ? " (\(stopping) would stop `dadns serve`)" : "")
    }

    /// One line per check, then the summary; each line prefixed with `prefix` (`# ` inside YAML).
    public func render(prefix: String = "") -> String {
        var lines = findings.map { Self.line($0) }
        lines.append(summary)
        return lines.map { prefix + $0 }.joined(separator: "\n") + "\n"
    }

    /// `error    bind zones_dir /x: cannot be created … — fix: …`
    static func line(_ finding: DoctorFinding) -> String {
        let level = finding.level.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
        return "\(level) \(finding.check): \(finding.detail)" + (finding.fix.map { " — fix: \($0)" } ?? "")
    }

    struct JSONForm: Codable {
        /// The configuration's own warnings (unknown keys …).
        var configurationWarnings: [String]
        public var findings: [DoctorFinding]
        public var summary: String
        public var exitStatus: Int32
    }

    public func json(configurationWarnings: [String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let form = JSONForm(configurationWarnings: configurationWarnings, findings: findings, summary: summary, exitStatus: exitStatus)
        return String(decoding: try encoder.encode(form), as: UTF8.self)
    }
}
