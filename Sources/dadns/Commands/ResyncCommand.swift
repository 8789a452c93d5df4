import ArgumentParser
import Backends
import DadnsConfiguration
import Engine
import Foundation
import Logging
import ZoneStore

/// `dadns resync --da HOST`: the full resync of one DirectAdmin server — every zone it has is
/// fetched and stored through the normal push path (unchanged zones stay as they are), with a
/// progress bar and a summary. Works whether the daemon runs or not: it writes the store, and
/// the daemon's dispatcher picks the changes up.
struct ResyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resync",
        abstract: "Fetch every zone a DirectAdmin server has and store what is new or changed.",
        discussion: """
            HOST must be one of reconciliation.directadmin_servers. Zones owned here by another server are left \
            alone; nothing is deleted. Exit 0 when every zone was stored, 1 when some were refused or could not \
            be fetched, 2 when the server could not be listed.
            """)

    @OptionGroup var configFile: ConfigFileOption

    @Option(name: .customLong("da"), help: "The DirectAdmin server's hostname, as configured.") var host: String
    @Flag(name: .long, help: "Only fetch zones the store does not have.") var missingOnly = false
    @Flag(name: .long, help: "Only list what would be fetched.") var dryRun = false
    @Flag(name: .long, help: "Print the summary as JSON.") var json = false

    func run() async throws {
        let loaded = try configFile.load()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let appConfig = loaded.config
        let store = try await StoreOpener.open(appConfig, lock: false, followOthers: false).store
        let reconciler = Reconciler(
            settings: appConfig.reconcilerSettings(dryRun: dryRun), store: store, clock: { Date().timeIntervalSince1970 },
            logger: Logger(label: "dadns"))
        let bar = ProgressBar(label: "resync \(host.lowercased())")
        let report: ReconcileReport.Server
        do {
            report = try await reconciler.resync(hostname: host, onlyMissing: missingOnly) { done, total in bar.update(done, total) }
        } catch {
            StandardError.write("dadns: resync: \(error)\n")
            throw ExitCode(2)
        }
        try OperatorSession.print(report, json: json) { print(Self.summary($0, dryRun: dryRun)) }
        if !report.rejected.isEmpty || !report.fetchFailed.isEmpty { throw ExitCode(1) }
    }

    static func summary(_ report: ReconcileReport.Server, dryRun: Bool) -> String {
        var lines = [
            "resync \(report.hostname)\(dryRun ? " [DRY-RUN]" : ""): \(report.zonesSeen) zone(s) listed, \(report.missing.count) missing here, "
                + "\(report.fetched) stored (new or changed), \(report.unchanged) unchanged, \(report.rejected.count) refused, "
                + "\(report.fetchFailed.count) not fetched, \(report.skipped.count) owned by another server"
        ]
        if dryRun && !report.missing.isEmpty { lines.append("  would fetch: \(report.missing.joined(separator: ", "))") }
        for item in report.rejected { lines.append("  refused: \(item)") }
        for item in report.fetchFailed { lines.append("  not fetched: \(item)") }
        if !report.invalidNames.isEmpty { lines.append("  ignored invalid names: \(report.invalidNames.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }
}
