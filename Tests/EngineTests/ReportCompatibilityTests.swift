import Foundation
import Testing
@testable import Engine

/// `dadns status` and `dadns heal` decode the daemon's reports: a report from a daemon older
/// than the fields added for issue 19 (a pass's cost, a peer pass's listing and bytes) still
/// reads, the new fields absent.
@Suite("Reports from an older daemon")
struct ReportCompatibilityTests {
    @Test func aHealReportWithoutItsCostStillDecodes() throws {
        let old = #"{"backend": "bind", "checked": 3, "drifted": [], "stale": [], "unknown": [], "dryRun": false}"#
        let report = try JSONDecoder().decode(HealReport.self, from: Data(old.utf8))
        #expect(report.backend == "bind" && report.checked == 3)
        #expect(report.seconds == nil && report.longestHoldSeconds == nil && report.cpuSeconds == nil)
    }

    @Test func aPeerPassWithoutItsListingKindStillDecodes() throws {
        let old = """
            {"url": "http://peer:2222", "ok": true, "listed": 5, "newer": 0, "pulled": 0, "deleted": 0, "metadataOnly": 0,
             "superseded": 0, "rejected": [], "rejectedCount": 0, "fetchFailed": [], "discovered": []}
            """
        let peer = try JSONDecoder().decode(PeerSyncReport.Peer.self, from: Data(old.utf8))
        #expect(peer.ok && peer.listed == 5 && peer.listing == nil && peer.listingBytes == nil)
    }
}
