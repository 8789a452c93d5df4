import ArgumentParser
import Foundation
import Operator
import ZoneStore

/// `dadns zone show D`: the desired zone text, each backend's state, and the journal.
struct ZoneShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a zone: its desired text, each backend's state, and its history.")

    @OptionGroup var zone: ZoneOptions

    func run() async throws {
        try await zone.answer({ api, domain in
            guard let detail = try await api.zone(domain) else { throw OperatorError("\(domain) is not known to this node") }
            return detail
        }, human: Self.show)
    }

    private static func show(_ detail: ZoneDetail, _: String) {
        let zone = detail.zone
        print("\(zone.domain): \(zone.present ? "present" : "deleted"), generation \(zone.generation), \(zone.recordCount) record(s), serial \(zone.serial.map(String.init) ?? "-")")
        print("owner: \(zone.hostname ?? "-") / \(zone.username ?? "-"), changed \(HumanFormat.time(zone.updatedAt))\n")
        var rows = [["BACKEND", "STATE", "APPLIED", "ATTEMPTS", "NEXT ATTEMPT", "LAST ERROR"]]
        for pair in detail.pairs {
            rows.append([
                pair.backend, pair.state.rawValue, "\(pair.appliedGeneration)/\(pair.generation)", String(pair.attempts),
                pair.nextAttemptAt.map { HumanFormat.time($0) } ?? "-", pair.lastError.map { String($0.prefix(100)) } ?? "-",
            ])
        }
        print(HumanFormat.table(rows))
        print("history:")
        for entry in detail.history {
            print("  \(HumanFormat.time(entry.at))  \(entry.action) generation \(entry.generation) from \(entry.source)\(entry.hostname.map { " (\($0))" } ?? "")\(entry.detail.map { ": \($0)" } ?? "")")
        }
        if let text = zone.canonicalText {
            print("\nzone:\n" + text, terminator: "")
        }
    }
}
