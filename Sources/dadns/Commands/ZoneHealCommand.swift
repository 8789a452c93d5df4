import ArgumentParser
import Engine
import Foundation
import Operator

/// `dadns zone heal D`: the running daemon compares one zone with every backend and sends it
/// again where it is missing or differs.
struct ZoneHealCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heal",
        abstract: "Compare one zone with every backend now and send it again where it is missing or different (asks the running daemon).")

    @OptionGroup var options: OperatorOptions
    @Argument(help: "The zone's domain.") var domain: String

    func run() async throws {
        let session = try OperatorSession(options: options)
        let domain = try ZoneName.normalized(self.domain)
        let reports = try await session.run { try await $0.healZone(domain) }
        if options.json {
            print(try OperatorSession.encode(reports))
            return
        }
        for report in reports {
            print("\(report.backend): " + Self.summary(report, domain: domain))
        }
        if reports.contains(where: { $0.error != nil }) { throw ExitCode(1) }
    }

    static func summary(_ report: HealReport, domain: String) -> String {
        if let error = report.error { return "not checked: \(error)" }
        let queued = report.dryRun ? "would be sent again (healing.dry_run)" : "sent again"
        if !report.drifted.isEmpty { return "missing or different: \(queued)" }
        if !report.stale.isEmpty { return "deleted but still held: \(report.dryRun ? "would be removed" : "removed again")" }
        return "in line"
    }
}
