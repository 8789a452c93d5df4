import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// End to end: peer sync by deltas (`GET /internal/changes?since=N`). A node reads a peer's full
/// listing once, then only what changed after the cursor its last pass ended at; a cursor the
/// peer cannot continue, or a peer without the route, gets the full listing.
@Suite("Peer sync by deltas end to end", .serialized, .offThePool)
struct PeerSyncDeltaEndToEndTests {
    typealias Peers = PeerSyncEndToEndTests

    /// The last pass's report of `node` for the peer at `url`.
    static func lastPass(_ node: DadnsProcess, peer url: String) throws -> [String: Any]? {
        let last = try Peers.peerSection(node)["lastResult"] as? [String: Any]
        return (last?["peers"] as? [[String: Any]])?.first { $0["url"] as? String == url }
    }

    /// Waits for a pass of `node` over `url` that read a delta with nothing in it; its bytes.
    static func idleDeltaBytes(_ node: DadnsProcess, peer url: String) throws -> Int? {
        var bytes: Int?
        _ = try DadnsProcess.waitFor(seconds: 20) {
            guard let pass = try lastPass(node, peer: url), pass["ok"] as? Bool == true, pass["listing"] as? String == "delta",
                pass["listed"] as? Int == 0
            else { return false }
            bytes = pass["listingBytes"] as? Int
            return true
        }
        return bytes
    }

    static func push(_ node: DadnsProcess, _ domains: some Sequence<String>, serial: Int = 1) throws {
        for domain in domains { try Peers.push(node, domain, serial: serial) }
    }

    @Test func changesTravelAsDeltasAndAnIdlePassReadsAFewBytesWhateverTheZoneCount() throws {
        let ports = try (0..<2).map { _ in try FreePort.find() }
        let urls = ports.map { "http://127.0.0.1:\($0)" }
        let directories = (0..<2).map { URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-delta-\($0)-\(UUID().uuidString.prefix(6))") }
        let nodes = try (0..<2).map { index in
            try DadnsProcess(
                directory: directories[index], port: ports[index], backends: Peers.fileBackend(directories[index]),
                extra: Peers.peerSync([urls[1 - index]]))
        }
        let (a, b) = (nodes[0], nodes[1])
        defer {
            for node in nodes {
                node.stop()
                node.removeFiles()
            }
        }
        // Ten zones on A only: B's first pass reads A's full listing and takes them.
        try Self.push(a, (0..<10).map { "z\($0).example" })
        #expect(try DadnsProcess.waitFor(seconds: 20) { try (0..<10).allSatisfy { try Peers.zone(b, "z\($0).example")?["present"] as? Bool == true } }, "\(b.log())")
        let section = try Peers.peerSection(b)
        let small = try #require(try Self.idleDeltaBytes(b, peer: urls[0]), "\(section)")

        // An edit, a delete and a new zone reach B through a delta.
        try Peers.push(a, "z1.example", serial: 2)
        try Peers.delete(a, "z2.example")
        try Peers.push(a, "z10.example", serial: 1)
        #expect(try DadnsProcess.waitFor(seconds: 20) {
            try Peers.zone(b, "z2.example")?["present"] as? Bool == false && Peers.zone(b, "z10.example")?["present"] as? Bool == true
                && Peers.history(b, "z1.example").count == 2
        }, "\(b.log())")
        #expect(try Peers.history(b, "z1.example").last?["source"] as? String == "peer")
        // Delta passes only, after the first: a full listing is never read again, and the
        // changes came in deltas (counted in /metrics, so no pass can slip between two looks).
        let metrics = try PrometheusText(try b.get("/metrics").body)
        let fulls = metrics.value("dadns_peer_sync_listings_total", ["peer": urls[0], "listing": "full"])
        let deltaEntries = metrics.value("dadns_peer_sync_listed_entries_total", ["peer": urls[0], "listing": "delta"]) ?? 0
        #expect(fulls == 1 && deltaEntries >= 3, "full listings read: \(fulls ?? 0), entries read in deltas: \(deltaEntries)")

        // A thousand zones: an idle pass still reads the same few bytes (the cursor's digits
        // aside), while the full listing grew a hundredfold.
        try Self.push(a, (11..<1000).map { "z\($0).example" })
        #expect(try DadnsProcess.waitFor(seconds: 60) { try Peers.zone(b, "z999.example")?["present"] as? Bool == true }, "\(b.log())")
        let large = try #require(try Self.idleDeltaBytes(b, peer: urls[0]))
        #expect(small < 200 && large < 200 && abs(large - small) <= 4, "idle delta: \(small) bytes at 10 zones, \(large) at 1,000")
        let full = try a.send("GET", "/internal/zones", user: Peers.peerUser, password: Peers.peerPassword)
        #expect(full.status == 200 && full.body.utf8.count > 100 * large, "full listing: \(full.body.utf8.count) bytes")
    }

    @Test func aCursorThePeerCannotContinueFallsBackToTheFullListingAndAPeerWithoutTheRouteIsReadInFull() throws {
        // A delete of a zone this node never held, recent enough to be kept as a tombstone.
        let tombstone = "[{\"domain\": \"gone.example\", \"changed_at\": \(Int(Date().timeIntervalSince1970) - 60), \"deleted\": true}]"
        // A peer with the route, whose journal loses B's cursor after the first pass.
        let pruned = try FakePeer()
        defer { pruned.stop() }
        pruned.answer("/internal/changes", body: #"{"cursor": 7, "changes": [], "more": false, "full_listing_needed": false}"#)
        pruned.answer("/internal/zones", body: tombstone)
        pruned.answer("/internal/changes?since=7", body: #"{"cursor": 9, "changes": [], "more": false, "full_listing_needed": true}"#)
        pruned.answer("/internal/changes?since=9", body: #"{"cursor": 9, "changes": [], "more": false, "full_listing_needed": false}"#)
        // An older peer: no /internal/changes (404).
        let older = try FakePeer()
        defer { older.stop() }
        older.answer("/internal/zones", body: "[]")

        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-delta-fake-\(UUID().uuidString.prefix(6))")
        let node = try DadnsProcess(
            directory: directory, port: try FreePort.find(), backends: Peers.fileBackend(directory),
            extra: Peers.peerSync([pruned.url, older.url], interval: 0.01, more: "gossip: false"))
        defer {
            node.stop()
            node.removeFiles()
        }
        #expect(DadnsProcess.waitFor(seconds: 20) { pruned.requests.filter { $0 == "/internal/changes?since=9" }.count >= 2 }, "\(pruned.requests)")
        let asked = pruned.requests.filter { $0.hasPrefix("/internal/") }
        // Cursor, full listing; the lost cursor: full listing again, from the cursor of then; then deltas only.
        #expect(Array(asked.prefix(5)) == [
            "/internal/changes", "/internal/zones", "/internal/changes?since=7", "/internal/zones", "/internal/changes?since=9",
        ], "\(asked)")
        #expect(asked.filter { $0 == "/internal/zones" }.count == 2, "\(asked)")
        #expect(try Self.lastPass(node, peer: pruned.url)?["listing"] as? String == "delta")
        #expect(try Peers.zone(node, "gone.example")?["present"] as? Bool == false)

        // The older peer is read in full on every pass, and stays healthy.
        #expect(older.requests.filter { $0 == "/internal/zones" }.count >= 2, "\(older.requests)")
        let pass = try #require(try Self.lastPass(node, peer: older.url))
        #expect(pass["ok"] as? Bool == true && pass["listing"] as? String == "full", "\(pass)")
    }
}
