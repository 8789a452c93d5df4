import DirectAdmin
import Foundation
import Logging
import Testing
import DadnsTestKit
@testable import Engine
@testable import ZoneStore

/// What a pass leaves for the operator (orphans not deleted, zones still missing), approving
/// and ignoring them, and the ignore list kept across passes and restarts.
@Suite("Reconciler candidates", .serialized)
struct ReconcilerCandidateTests {
    typealias Fixture = ReconcilerTests.Fixture

    static func reconciler(_ fixture: Fixture, _ fake: FakeDirectAdmin, dryRun: Bool, ignoreList: ReconcileIgnoreList) -> Reconciler {
        Reconciler(
            settings: ReconcilerSettings(
                servers: [ReconcilerTests.server(fake)], dryRun: dryRun, itemsPerPage: 7, timeout: .seconds(2), fetchesPerSecond: 1000),
            store: fixture.store, clock: { fixture.clock.now }, logger: Logger(label: "test"), ignoreList: ignoreList)
    }

    @Test func aDryRunLeavesItsOrphansAndMissingZonesToApproveOrIgnore() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        let names = ReconcilerTests.names(20)
        try await fixture.seed(names, owner: "127.0.0.1")
        // z19 and z20 gone from DirectAdmin; new1 and new2 there but not here.
        fake.setDomains(Array(names.prefix(18)) + ["new1.example", "new2.example"])
        let listPath = fixture.directory.appendingPathComponent("reconciler-ignored.json").path
        let reconciler = Self.reconciler(fixture, fake, dryRun: true, ignoreList: try ReconcileIgnoreList(path: listPath))
        await reconciler.reconcile()
        let first = await reconciler.candidateList()
        #expect(first.orphans.map(\.domain) == ["z19.example", "z20.example"])
        #expect(first.orphans.allSatisfy { $0.reason.hasPrefix("dry run") && $0.hostname == "127.0.0.1" && $0.generation != nil })
        #expect(first.missing.map(\.domain) == ["new1.example", "new2.example"])
        #expect(first.lastPass?.orphans == 2 && first.ignored.isEmpty)

        // Approve: the orphan is deleted now (journal source reconciler), the missing zone fetched.
        let deleted = try await reconciler.approve("Z19.example")
        #expect(deleted.done && deleted.kind == .orphan && deleted.action == .approve)
        #expect(try await fixture.store.zone("z19.example")?.present == false)
        #expect(try await fixture.store.history(of: "z19.example").last?.source == "reconciler")
        let fetched = try await reconciler.approve("new1.example")
        #expect(fetched.done && fetched.kind == .missing, "\(fetched.outcome)")
        #expect(try await fixture.store.zone("new1.example")?.present == true)
        await #expect(throws: ReconcileDecisionError.notACandidate("z1.example")) { try await reconciler.approve("z1.example") }
        await #expect(throws: ReconcileDecisionError.notACandidate("z19.example")) { try await reconciler.approve("z19.example") }

        // Ignore: on the list, left alone and no longer listed by the next pass.
        #expect(try await reconciler.ignore("z20.example").done)
        #expect(try await reconciler.ignore("new2.example").done)
        let second = await reconciler.candidateList()
        #expect(second.orphans.isEmpty && second.missing.isEmpty)
        #expect(second.ignored.map(\.domain) == ["new2.example", "z20.example"])
        fixture.clock.advance(10)
        let live = Self.reconciler(fixture, fake, dryRun: false, ignoreList: try ReconcileIgnoreList(path: listPath))
        let report = await live.reconcile()
        #expect(report.orphans == 0 && report.missing == 0 && report.deleted == 0, "\(report)")
        #expect(try await fixture.store.zone("z20.example")?.present == true)
        #expect(try await fixture.store.zone("new2.example") == nil)
        #expect(await live.candidateList().ignored.map(\.domain) == ["new2.example", "z20.example"])

        // Taken off the list, the next live pass deletes and fetches them as usual.
        #expect(try await live.unignore("z20.example").done)
        #expect(try await live.unignore("new2.example").kind == .missing)
        await #expect(throws: ReconcileDecisionError.notIgnored("new2.example")) { try await live.unignore("new2.example") }
        fixture.clock.advance(10)
        let after = await live.reconcile()
        #expect(after.deleted == 1 && after.fetched == 1, "\(after)")
        #expect(try ReconcileIgnoreList(path: listPath).all.isEmpty)
    }

    @Test func theBulkDeleteGuardsOrphansAreCandidatesWithItsReason() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        let names = ReconcilerTests.names(20)
        try await fixture.seed(names, owner: "127.0.0.1")
        fake.setDomains(Array(names.prefix(17)))
        let reconciler = Self.reconciler(fixture, fake, dryRun: false, ignoreList: ReconcileIgnoreList())
        await reconciler.reconcile()
        let list = await reconciler.candidateList()
        #expect(list.orphans.map(\.domain) == ["z18.example", "z19.example", "z20.example"])
        #expect(list.orphans.allSatisfy { $0.reason.hasPrefix("bulk-delete guard: would delete 3 of its 20") }, "\(list.orphans)")
        // A zone pushed again after the pass is not deleted by its approval.
        let again = try ZoneIntake.accept(
            domain: "z18.example", zoneText: Array(FakeDirectAdmin.zone("z18.example", serial: 2).utf8), hostname: "127.0.0.1",
            username: "bob", clientAddress: nil, source: .directAdmin
        ).get().push
        #expect(try await fixture.store.push(again, at: fixture.clock.now).changed)
        let refused = try await reconciler.approve("z18.example")
        #expect(!refused.done && refused.outcome.contains("changed since"))
        #expect(try await fixture.store.zone("z18.example")?.present == true)
    }

    @Test func atMostAThousandCandidatesOfAKindAreKept() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let fake = try FakeDirectAdmin()
        defer { fake.stop() }
        fake.setDomains(ReconcilerTests.names(1003, "m"))
        let reconciler = Reconciler(
            settings: ReconcilerSettings(servers: [ReconcilerTests.server(fake)], dryRun: true, timeout: .seconds(5)),
            store: fixture.store, clock: { fixture.clock.now }, logger: Logger(label: "test"))
        let report = await reconciler.reconcile()
        #expect(report.missing == 1003)
        let list = await reconciler.candidateList()
        #expect(list.missing.count == Reconciler.candidateLimit && list.missing.first?.domain == "m1.example")
    }

    @Test func anUnreadableIgnoreListIsRefusedWithItsPath() throws {
        let path = "/tmp/dadns-ignore-\(UUID().uuidString.prefix(8)).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("not json".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ReconcileIgnoreList.FileError.self) { try ReconcileIgnoreList(path: path) }
    }
}
