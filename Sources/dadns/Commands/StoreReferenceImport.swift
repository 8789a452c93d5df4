import DNSZone
import DirectAdmin
import Engine
import Foundation
import ZoneStore

/// The import of the reference project's `domains` table (`dadns store import-reference`): each
/// row with a zone text is stored as a push from source `import`, owned by its hostname and
/// username, through the same validation as a push from DirectAdmin. A row whose name, owner or
/// zone does not pass is reported and skipped; the same text again is no new generation, so
/// the import can run again.
struct StoreReferenceImport {
    let source: any ReferenceDomainSource
    let store: any ZoneStore
    var batchSize = 500
    var clock: @Sendable () -> Double = { Date().timeIntervalSince1970 }

    struct Report: Codable, Equatable {
        /// Stored as a new generation (new here, or another text or owner than here).
        var imported = 0
        /// Already here with this text and owner.
        var unchanged = 0
        /// Left as they are: the store changed them (or deleted them) at or after the time the
        /// reference stored its text, or, with no time given, has them already.
        var newerHere: [String] = []
        /// `domain: reason` of rows refused.
        var invalid: [String] = []
        /// Domains the reference knew without a zone text (it stored none before its version
        /// with `zone_data`): the reconciler or `dadns resync` fetches them from DirectAdmin.
        var withoutZoneData: [String] = []
    }

    func run() async throws -> Report {
        var report = Report()
        var afterID: Int64 = .min
        while true {
            let rows = try await source.domains(afterID: afterID, limit: batchSize)
            guard let last = rows.last else { return report }
            for row in rows { try await importRow(row, into: &report) }
            afterID = last.id
        }
    }

    private func importRow(_ row: ReferenceDomain, into report: inout Report) async throws {
        let name = row.domain ?? ""
        let domain: String
        switch DomainNameRules.normalize(name) {
        case .success(let normalized): domain = normalized
        case .failure(let problem):
            report.invalid.append("row \(row.id) \(Self.printable(name)): \(problem)")
            return
        }
        let hostname = row.hostname.flatMap { $0.isEmpty ? nil : $0 }
        if let hostname, (try? DomainNameRules.normalize(hostname).get()) == nil {
            report.invalid.append("\(domain): invalid owner hostname \(Self.printable(hostname))")
            return
        }
        let username = row.username.flatMap { $0.isEmpty ? nil : $0 }
        if let username, PlainName.validated(username) == nil {
            report.invalid.append("\(domain): invalid owner username \(Self.printable(username))")
            return
        }
        guard let text = row.zoneData, !text.allSatisfy(\.isWhitespace) else {
            report.withoutZoneData.append(domain)
            return
        }
        switch ZoneIntake.accept(
            domain: domain, zoneText: Array(text.utf8), hostname: hostname.flatMap { try? DomainNameRules.normalize($0).get() },
            username: username, clientAddress: nil, source: .importer)
        {
        case .failure(let rejection):
            report.invalid.append("\(domain): \(rejection)")
        case .success(let accepted):
            // Never over a change made here since: re-run after the switch, a stale
            // reference text must not replace what DirectAdmin pushed here meanwhile, nor
            // bring back a zone deleted here. Without a time, only zones not here are stored.
            let since = row.zoneUpdatedAt.flatMap(Self.seconds) ?? 0
            if let outcome = try await store.pushFetched(accepted.push, unchangedSince: since, at: clock()) {
                if outcome.changed { report.imported += 1 } else { report.unchanged += 1 }
                return
            }
            let here = try await store.zone(domain)
            if let here, here.present, here.contentHash == accepted.push.contentHash, hostname == nil || here.hostname == accepted.push.hostname {
                report.unchanged += 1
            } else {
                report.newerHere.append(domain)
            }
        }
    }

    /// `zone_updated_at` as the reference stores it (naive UTC, `YYYY-MM-DD HH:MM:SS[.ffffff]`,
    /// or with a `T`), in seconds since 1970; nil when it does not read as that.
    static func seconds(_ text: String) -> Double? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "-").compactMap { Int($0) }
        let time = parts[1].split(separator: ":")
        guard date.count == 3, time.count == 3, let hour = Int(time[0]), let minute = Int(time[1]), let second = Double(time[2]) else {
            return nil
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let day = calendar.date(from: DateComponents(year: date[0], month: date[1], day: date[2], hour: hour, minute: minute))
        else { return nil }
        return day.timeIntervalSince1970 + second
    }

    /// A name from the reference's table as it may be printed: control characters escaped, cut short.
    static func printable(_ text: String) -> String {
        let escaped = text.unicodeScalars.map { $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0) }
            .joined()
        return "'" + (escaped.count > 80 ? String(escaped.prefix(80)) + "…" : escaped) + "'"
    }
}
