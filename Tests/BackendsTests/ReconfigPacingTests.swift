import Foundation
import Testing
@testable import Backends
import DadnsTestKit

/// `reconfig_pacing`: after a long `rndc reconfig`, the next one waits (the wait itself, and
/// against a real named that two batches adding zones are spaced out by it).
@Suite("BIND backend: reconfigs paced", .serialized)
struct ReconfigPacingTests {
    @Test func aLongReconfigMakesTheNextWaitItsDurationTimesTheFactor() {
        let start = ContinuousClock.now
        let last = ReconfigPacing.Reconfig(ended: start, duration: .seconds(3))
        let pacing = ReconfigPacing(factor: 1)
        #expect(pacing.wait(now: start, after: last) == .seconds(3))
        #expect(pacing.wait(now: start + .seconds(1), after: last) == .seconds(2))
        #expect(pacing.wait(now: start + .seconds(5), after: last) == .zero)
        #expect(ReconfigPacing(factor: 0.5).wait(now: start, after: last) == .milliseconds(1500))
    }

    @Test func shortReconfigsNoFactorOrNoReconfigYetNeverWait() {
        let now = ContinuousClock.now
        let short = ReconfigPacing.Reconfig(ended: now, duration: .milliseconds(199))
        #expect(ReconfigPacing().wait(now: now, after: short) == .zero)
        #expect(ReconfigPacing().wait(now: now, after: nil) == .zero)
        #expect(ReconfigPacing(factor: 0).wait(now: now, after: .init(ended: now, duration: .seconds(9))) == .zero)
    }

    /// With no threshold and a factor of 3, the second batch's reconfig starts no earlier than
    /// three times the first's duration after the first ended, and both zones are served.
    @Test func twoBatchesAddingZonesAreSpacedOutByTheLastReconfig() async throws {
        let named = try NamedServer()
        defer { named.stop() }
        var settings = BindBackendTests.settings(for: named)
        settings.zoneConfig = BindZoneConfig(mode: .include, pacing: ReconfigPacing(factor: 3, threshold: .zero))
        let bind = try BindBackend(name: "bind", settings: settings)

        #expect(await bind.apply([BindAddZoneTests.change("one.example")]) == [.applied])
        let first = try #require(await bind.lastReconfig)
        #expect(await bind.apply([BindAddZoneTests.change("two.example")]) == [.applied])
        let second = try #require(await bind.lastReconfig)
        let secondStarted = second.ended - second.duration
        #expect(secondStarted >= first.ended + first.duration * 3, "the second reconfig did not wait")
        #expect(try await BindAddZoneTests.served(named, "one.example", serial: 1))
        #expect(try await BindAddZoneTests.served(named, "two.example", serial: 1))
    }
}
