import Foundation
import Testing
import DadnsTestKit
@testable import ZoneStore

/// The bulk seam `dadns store copy` uses, between every pair of implementations (`StoreKind`).
@Suite("Store copying: whole rows out and in")
struct StoreCopyingTests {
    static let t0 = 1_780_000_000.123456

    func push(_ domain: String, _ text: String, host: String? = "da1.example") -> ZonePush {
        ZonePush(
            domain: domain, canonicalText: "\(domain). 300 IN TXT \"\(text)\"\n", recordCount: 1, contentHash: "h-\(text)",
            serial: 2_026_010_101, hostname: host, username: "bob", clientAddress: "192.0.2.9", source: .directAdmin)
    }

    func open(_ kind: StoreKind) async throws -> any StoreCopying {
        try #require(try await kind.open().store as? any StoreCopying)
    }

    /// A store with present zones, a second generation, a tombstone, an owner change and
    /// applied state that is current, retrying and behind.
    func filled(_ kind: StoreKind) async throws -> any StoreCopying {
        let store = try await open(kind)
        _ = try await store.push(push("a.example", "1"), at: Self.t0)
        _ = try await store.push(push("b.example", "1"), at: Self.t0 + 1)
        _ = try await store.push(push("b.example", "2"), at: Self.t0 + 2.5)
        _ = try await store.push(push("b.example", "2"), at: Self.t0 + 3)
        _ = try await store.push(push("c.example", "1"), at: Self.t0 + 4)
        _ = try await store.push(push("d.example", "1"), at: Self.t0 + 4)
        _ = try await store.changeOwner(domain: "d.example", from: "da1.example", to: "da2.example", source: .operatorCLI, at: Self.t0 + 5)
        let pending = try await store.pending(backend: "bind", now: Self.t0 + 6, limit: 10)
        try await store.record(
            backend: "bind",
            outcomes: pending.map { ($0, $0.domain == "c.example" ? .failed(error: "rndc: timeout", retryAt: Self.t0 + 60, scheduleUsedUp: false) : .applied) },
            at: Self.t0 + 6)
        _ = try await store.delete(
            domain: "a.example", hostname: "da1.example", username: "bob", clientAddress: nil, source: .directAdmin, at: Self.t0 + 7)
        _ = try await store.push(push("b.example", "3"), at: Self.t0 + 8)
        return store
    }

    /// Copies `source` into `target` with the seam, `batch` zones at a time.
    @discardableResult
    func copy(_ source: any StoreCopying, into target: any StoreCopying, batch: Int = 2, force: Bool = false) async throws -> (ZoneImportOutcome, Int) {
        var total = ZoneImportOutcome()
        var after = ""
        while true {
            let zones = try await source.exportZones(after: after, limit: batch)
            guard let last = zones.last else { break }
            let outcome = try await target.importZones(
                zones, applied: try await source.exportApplied(domains: zones.map(\.domain)), force: force, at: Self.t0 + 100)
            total.written += outcome.written
            total.unchanged += outcome.unchanged
            total.refused += outcome.refused
            total.forced.merge(outcome.forced) { $1 }
            _ = try await target.importHistory(try await source.exportHistory(domains: outcome.written + outcome.unchanged))
            after = last.domain
        }
        var appended = 0
        var afterDomain = ""
        while true {
            let entries = try await source.exportJournal(afterDomain: afterDomain, domainLimit: batch)
            guard let last = entries.last else { break }
            appended += try await target.importJournal(entries)
            afterDomain = last.domain
        }
        return (total, appended)
    }

    func rows(_ store: any StoreCopying) async throws -> (zones: [StoredZone], applied: [StoredApplied], journal: [JournalLine]) {
        let zones = try await store.exportZones(after: "", limit: 100)
        return (zones, try await store.exportApplied(domains: zones.map(\.domain)), try await store.exportJournal(afterDomain: "", domainLimit: 100))
    }

    @Test(arguments: StoreKind.allCases, StoreKind.allCases)
    func aCopyHoldsEveryRowAsItWasAndRunningItAgainAddsNothing(_ from: StoreKind, _ to: StoreKind) async throws {
        let source = try await filled(from)
        let target = try await open(to)
        let (first, appended) = try await copy(source, into: target)
        #expect(first.written == ["a.example", "b.example", "c.example", "d.example"] && first.refused.isEmpty)
        let copied = try await rows(target)
        let original = try await rows(source)
        #expect(copied.zones == original.zones)
        #expect(copied.applied == original.applied)
        #expect(copied.journal == original.journal && appended == original.journal.count)
        #expect(try await target.copyCounts() == StoreCounts(presentZones: 3, tombstones: 1, journalEntries: 9, appliedRows: 4, historyVersions: 6))
        #expect(try await target.exportHistory(domains: ["a.example", "b.example", "c.example", "d.example"])
            == source.exportHistory(domains: ["a.example", "b.example", "c.example", "d.example"]))
        #expect(try await target.historyVersions(of: "b.example").map(\.generation) == [3, 2, 1])
        #expect(try await target.copyCounts() == source.copyCounts())

        // Again (a copy run a second time after it was killed): nothing is written twice.
        let (second, appendedAgain) = try await copy(source, into: target, batch: 3)
        #expect(second.written.isEmpty && second.unchanged.count == 4 && appendedAgain == 0)
        #expect(try await target.copyCounts() == source.copyCounts())

        // The copy works as the store it came from: the same zones are pending for the backend.
        let due = Self.t0 + 120
        #expect(try await target.pending(backend: "bind", now: due, limit: 10).map(\.domain)
            == source.pending(backend: "bind", now: due, limit: 10).map(\.domain))
        #expect(try await target.zone("d.example")?.hostname == "da2.example")
        #expect(try await target.history(of: "b.example").map(\.generation) == [1, 2, 2, 3])
    }

    func zone(_ domain: String, generation: Int64, _ text: String?) -> StoredZone {
        StoredZone(
            domain: domain, generation: generation, present: text != nil, zoneText: text.map { "\(domain). 300 IN TXT \"\($0)\"\n" },
            recordCount: text == nil ? 0 : 1, contentHash: text.map { "h-\($0)" }, serial: 1, hostname: "da1.example", username: "bob",
            clientAddress: nil, createdAt: Self.t0, updatedAt: Self.t0 + Double(generation), changedAt: Self.t0 + Double(generation))
    }

    @Test(arguments: StoreKind.allCases)
    func aNewerGenerationInTheTargetIsRefusedOrForcedAboveIt(_ kind: StoreKind) async throws {
        let target = try await open(kind)
        _ = try await target.importZones(
            [zone("newer.example", generation: 5, "target"), zone("older.example", generation: 1, "target"),
             zone("renumbered.example", generation: 4, "same"), zone("equal.example", generation: 2, "same")],
            applied: [], force: false, at: Self.t0)
        let incoming = [
            zone("equal.example", generation: 2, "same"), zone("newer.example", generation: 3, "source"),
            zone("older.example", generation: 2, "source"), zone("renumbered.example", generation: 2, "same"),
        ]
        let refused = try await target.importZones(incoming, applied: [], force: false, at: Self.t0 + 50)
        #expect(refused.refused == ["newer.example"] && refused.written == ["older.example"])
        #expect(refused.unchanged == ["equal.example", "renumbered.example"])
        #expect(try await target.zone("newer.example")?.contentHash == "h-target")
        #expect(try await target.zone("older.example")?.generation == 2)

        let forced = try await target.importZones(incoming, applied: [], force: true, at: Self.t0 + 60)
        #expect(forced.forced == ["newer.example": 6] && forced.refused.isEmpty)
        let written = try #require(try await target.zone("newer.example"))
        #expect(written.generation == 6 && written.contentHash == "h-source" && written.changedAt == Self.t0 + 60)
        // Recorded as a change made here, above the generation it replaced.
        let forcedEntry = try #require(try await target.history(of: "newer.example").last)
        #expect(forcedEntry.generation == 6 && forcedEntry.source == "cli" && forcedEntry.detail == "store copy --force over generation 5")
        // Run again with --force: the source's content is there now, at a later generation; no new generation.
        let again = try await target.importZones(incoming, applied: [], force: true, at: Self.t0 + 70)
        #expect(again.forced.isEmpty && again.unchanged.count == 4 && again.written.isEmpty)
        #expect(try await target.zone("newer.example")?.generation == 6)
    }

    @Test func journalEntriesAreMatchedOneForOne() {
        let entry = JournalLine(
            at: Self.t0, domain: "a.example", action: "save", generation: 1, source: "directadmin", hostname: nil, username: nil,
            clientAddress: nil, contentHash: "h", detail: "unchanged")
        var later = entry
        later.at += 0.000_001
        // Two equal entries (the same push twice in one microsecond) are two entries.
        #expect(JournalLine.missing([entry, entry, later], existing: [entry]) == [entry, later])
        #expect(JournalLine.missing([entry, later], existing: [later, entry]).isEmpty)
    }
}
