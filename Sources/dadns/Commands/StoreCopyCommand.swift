import ArgumentParser
import DadnsConfiguration
import Foundation
import ZoneStore

/// `dadns store copy --from SOURCE --to TARGET`: a node's store copied between SQLite and
/// MariaDB/MySQL as it is (generations, owners, times, tombstones, the journal, this node's
/// applied state), resumable, and verified at the end.
struct StoreCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a node's store between SQLite and MySQL, resumably, and verify the copy.",
        discussion: """
            SOURCE and TARGET are sqlite:PATH or mysql (the database the configuration's datastore.* keys name, \
            as app.node_name, whatever datastore.type says). Copies every zone (present and deleted) with its \
            generation, text, hash, serial, owner and times, the journal, and this node's applied state (so its \
            backends are not sent again what they hold). Interrupted, run it again: what was copied is found and \
            skipped. A SQLite side is locked as the daemon locks it: stop the daemon on it first. Zones the target \
            holds at the same or a later generation with other content are refused, and nothing is written, \
            unless --force. Exit 0 when the copy is verified, 1 when it is not or was refused, 2 on an error.
            """)

    @OptionGroup var configFile: ConfigFileOption

    @Option(name: .long, help: "Where to copy from: sqlite:PATH or mysql.")
    var from: String

    @Option(name: .long, help: "Where to copy to: sqlite:PATH or mysql.")
    var to: String

    @Flag(name: .long, help: "Write the source's version over zones the target holds at the same or a later generation with other content.")
    var force = false

    @Flag(name: .long, help: "Leave this node's applied state behind: its backends are sent every zone again.")
    var skipApplied = false

    @Option(name: .long, help: "Zones per transaction.")
    var batchSize = 500

    func validate() throws {
        guard let source = StoreEndpoint(from) else { throw ValidationError("--from: give sqlite:PATH or mysql") }
        guard let target = StoreEndpoint(to) else { throw ValidationError("--to: give sqlite:PATH or mysql") }
        guard source != target else { throw ValidationError("--from and --to are the same store") }
        guard batchSize >= 1 && batchSize <= 10_000 else { throw ValidationError("--batch-size: 1 to 10000") }
    }

    func run() async throws {
        guard let sourceEndpoint = StoreEndpoint(from), let targetEndpoint = StoreEndpoint(to) else { throw ExitCode(64) }
        let config = { try configFile.load().config }
        let source: StoreEndpoint.Opened
        let target: StoreEndpoint.Opened
        do {
            source = try await sourceEndpoint.open(asSource: true, config: config)
            target = try await targetEndpoint.open(asSource: false, config: config)
        } catch {
            StandardError.write("dadns: store copy: \(error)\n")
            throw ExitCode(2)
        }
        var copier = StoreCopier(source: source.store, target: target.store, batchSize: batchSize, force: force, copyApplied: !skipApplied)
        copier.pauseAfterBatches = ProcessInfo.processInfo.environment["DADNS_TEST_COPY_PAUSE_AFTER_BATCHES"].flatMap { Int($0) }
        print("store copy: from \(source.location) to \(target.location)")
        do {
            let conflicts = try await copier.conflicts()
            if !conflicts.isEmpty {
                let list = conflicts.prefix(20).joined(separator: ", ") + (conflicts.count > 20 ? ", …" : "")
                guard force else {
                    print("refused: the target holds \(conflicts.count) zone(s) at the same or a later generation with other content: \(list)")
                    print("nothing was written; --force writes the source's version over them (at a generation above the target's)")
                    throw ExitCode(1)
                }
                print("--force: writing over \(conflicts.count) zone(s) the target holds in another version: \(list)")
            }
            let report = try await copier.run()
            print(
                "zones: \(report.zones.written.count) written, \(report.zones.unchanged.count) already there, "
                    + "\(report.zones.forced.count) forced, \(report.zones.refused.count) refused; "
                    + "journal: \(report.journalAppended) entr\(report.journalAppended == 1 ? "y" : "ies") appended; "
                    + "history: \(report.historyAdded) version(s) added; "
                    + (skipApplied ? "applied state: not copied" : "applied state: \(report.appliedOffered) row(s) offered"))
            for domain in report.zones.refused { print("  refused (changed in the target meanwhile): \(domain)") }
            let verification = StoreCopyVerification(
                source: try await StoreCopier.versions(of: source.store, batchSize: batchSize),
                target: try await StoreCopier.versions(of: target.store, batchSize: batchSize),
                sourceCounts: try await source.store.copyCounts(), targetCounts: try await target.store.copyCounts(),
                appliedCopied: !skipApplied)
            for line in verification.lines { print(line) }
            if !verification.verified { throw ExitCode(1) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            StandardError.write("dadns: store copy: \(error)\n")
            throw ExitCode(2)
        }
        withExtendedLifetime((source.lock, target.lock)) {}
    }
}
