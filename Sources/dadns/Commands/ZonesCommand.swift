import ArgumentParser
import Foundation
import Operator
import ZoneStore

/// `dadns zones`: the zones, or the (backend, zone) pairs in a state.
struct ZonesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zones",
        abstract: "List zones, or with --backend/--state the per-backend state of each.")

    @OptionGroup var scope: BackendScopeOptions
    @Option(help: "Only zones in this state: ok, pending, retrying, failed.") var state: PairState.State?
    @Option(help: "Start after this domain (paging).") var after: String?
    @Option(help: "At most this many lines.") var limit = 1000

    func run() async throws {
        let session = try scope.open()
        let query = ZoneQuery(backend: scope.backend, state: state, after: after ?? "", limit: limit)
        try await session.answer({ try await $0.zones(query) }, human: Self.show)
    }

    private static func show(_ listing: ZoneListing) {
        if let zones = listing.zones {
            var rows = [["DOMAIN", "PRESENT", "GENERATION", "RECORDS", "SERIAL", "OWNER", "UPDATED"]]
            for zone in zones {
                rows.append([
                    zone.domain, zone.present ? "yes" : "deleted", String(zone.generation), String(zone.recordCount),
                    zone.serial.map(String.init) ?? "-", [zone.hostname, zone.username].compactMap { $0 }.joined(separator: "/"),
                    HumanFormat.ago(zone.updatedAt),
                ])
            }
            print(HumanFormat.table(rows) + "\(zones.count) zone(s)", terminator: "\n")
        } else if let pairs = listing.pairs {
            var rows = [["DOMAIN", "BACKEND", "STATE", "ATTEMPTS", "NEXT ATTEMPT", "LAST ERROR"]]
            for pair in pairs {
                rows.append([
                    pair.domain, pair.backend, pair.state.rawValue, String(pair.attempts),
                    pair.nextAttemptAt.map { HumanFormat.time($0) } ?? (pair.state == .failed ? "never (dadns retry)" : "-"),
                    pair.lastError.map { String($0.prefix(100)) } ?? "-",
                ])
            }
            print(HumanFormat.table(rows) + "\(pairs.count) line(s)", terminator: "\n")
        }
    }
}

extension PairState.State: ExpressibleByArgument {}
