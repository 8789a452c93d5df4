import ArgumentParser
import Foundation
import Operator

/// `dadns zone history D`: the kept versions of a zone, newest first.
struct ZoneHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the kept versions of a zone (datastore.history_versions of them), newest first.")

    @OptionGroup var zone: ZoneOptions

    func run() async throws {
        try await zone.answer({ try await $0.zoneHistory($1) }) { listing, domain in
            print("\(domain): \(listing.present ? "present" : "deleted"), generation \(listing.generation), \(listing.versions.count) version(s) kept\n")
            var rows = [["GEN", "ACCEPTED", "DIRECTADMIN TIME", "SOURCE", "HOST/USER", "SERIAL", "RECORDS", "HASH"]]
            for version in listing.versions {
                let current = listing.present && version.generation == listing.generation
                let owner = "\(version.hostname ?? "-")/\(version.username ?? "-")"
                let serial = version.serial.map { String($0) } ?? "-"
                rows.append([
                    (current ? "*" : "") + String(version.generation), HumanFormat.time(version.acceptedAt),
                    HumanFormat.time(version.changedAt), version.source, owner, serial, String(version.recordCount),
                    String(version.contentHash.prefix(12)),
                ])
            }
            print(HumanFormat.table(rows))
        }
    }
}
