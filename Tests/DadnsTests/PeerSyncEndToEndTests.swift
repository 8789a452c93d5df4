import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// End to end: several `dadns serve` processes on loopback pulling zones from each other
/// (Topology C), a real named behind the node that was down, and a fake peer answering garbage.
@Suite("Peer sync end to end", .serialized, .offThePool)
struct PeerSyncEndToEndTests {
    static let interval = 0.05  // minutes: 3 s
    static let peerUser = "peersync"
    static let peerPassword = "peer-secret"

    /// `peer_sync` with the given peer URLs and the shared peer credentials.
    static func peerSync(_ urls: [String], interval: Double = PeerSyncEndToEndTests.interval, more: String = "") -> String {
        var yaml = """
            healing: {enabled: false}
            peer_sync:
              enabled: true
              interval_minutes: \(interval)
              auth_username: \(peerUser)
              auth_password: \(peerPassword)
              timeout_seconds: 2
            """
        for line in more.split(separator: "\n") { yaml += "\n  " + line }
        yaml += "\n  peers:"
        for url in urls { yaml += "\n    - {url: '\(url)', username: \(peerUser), password: \(peerPassword)}" }
        return yaml
    }

    /// A bind backend writing files only (no named behind it).
    static func fileBackend(_ directory: URL) -> String {
        "bind:\n  enabled: true\n  zones_dir: \(directory.path)/zones\n  named_conf: \(directory.path)/named.conf.include\n  reload: false"
    }

    static func servesSerial(_ named: NamedServer, _ domain: String, _ serial: Int) throws -> Bool {
        try named.query(domain, "SOA").answer.first?.contains(" \(serial) 3600 ") == true
    }

    static func push(_ node: DadnsProcess, _ domain: String, serial: Int) throws {
        let reply = try node.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domain)&hostname=da1.example&username=bob",
            FakeDirectAdmin.zone(domain, serial: serial))
        guard reply.body == "error=0" else { throw NamedServer.Failure("push of \(domain) refused: \(reply.body)") }
    }

    static func delete(_ node: DadnsProcess, _ domain: String) throws {
        let reply = try node.send("POST", "/CMD_API_DNS_ADMIN", "action=delete&cluster=yes&hostname=da1.example&select0=\(domain)")
        guard reply.body.hasPrefix("error=0") else { throw NamedServer.Failure("delete of \(domain) refused: \(reply.body)") }
    }

    /// `/api/zones/<domain>` → `zone` as JSON, nil when unknown.
    static func zone(_ node: DadnsProcess, _ domain: String) throws -> [String: Any]? {
        let reply = try node.get("/api/zones/\(domain)")
        guard reply.status == 200 else { return nil }
        let object = try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any]
        return object?["zone"] as? [String: Any]
    }

    static func history(_ node: DadnsProcess, _ domain: String) throws -> [[String: Any]] {
        let reply = try node.get("/api/zones/\(domain)")
        let object = try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any]
        return object?["history"] as? [[String: Any]] ?? []
    }

    static func peerSection(_ node: DadnsProcess) throws -> [String: Any] {
        try node.status()["peerSync"] as? [String: Any] ?? [:]
    }

    @Test func aNodeThatWasDownConvergesFromItsPeersAndDeletesDoNotComeBack() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let ports = try (0..<3).map { _ in try FreePort.find() }
        let urls = ports.map { "http://127.0.0.1:\($0)" }
        let directories = (0..<3).map { URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-peer-\($0)-\(UUID().uuidString.prefix(6))") }
        func start(_ index: Int) throws -> DadnsProcess {
            let backends = index == 2 ? DadnsProcess.bindBackend(named) : Self.fileBackend(directories[index])
            return try DadnsProcess(
                directory: directories[index], port: ports[index], backends: backends,
                extra: Self.peerSync(urls.enumerated().filter { $0.offset != index }.map(\.element)))
        }
        let a = try start(0)
        let b = try start(1)
        var c = try start(2)
        defer {
            for node in [a, b, c] {
                node.stop()
                node.removeFiles()
            }
        }
        // DirectAdmin pushes to every registered node.
        for node in [a, b, c] {
            try Self.push(node, "kept.example", serial: 1)
            try Self.push(node, "gone.example", serial: 1)
        }
        #expect(try DadnsProcess.waitFor { try Self.servesSerial(named, "gone.example", 1) }, "\(c.log())")

        // C goes down; DirectAdmin pushes to A and B; A alone receives a delete.
        #expect(c.stop() == 0)
        for node in [a, b] {
            try Self.push(node, "kept.example", serial: 2)
            try Self.push(node, "new.example", serial: 5)
        }
        try Self.delete(a, "gone.example")
        // B learns the delete from A within an interval, never the other way round.
        #expect(try DadnsProcess.waitFor(seconds: 10) { try Self.zone(b, "gone.example")?["present"] as? Bool == false }, "\(b.log())")
        #expect(try Self.zone(a, "gone.example")?["present"] as? Bool == false)

        // C comes back and converges within one interval, served by its named.
        let restarted = Date()
        c = try start(2)
        #expect(
            try DadnsProcess.waitFor(seconds: Self.interval * 60 + 3) {
                try Self.servesSerial(named, "kept.example", 2) && Self.servesSerial(named, "new.example", 5)
                    && named.query("gone.example", "SOA").status == "REFUSED"
            }, "\(c.log())")
        #expect(Date().timeIntervalSince(restarted) < Self.interval * 60 + 3)

        // The zone taken from a peer keeps the DirectAdmin push time of A or B, not the copy time.
        let taken = try #require(try Self.zone(c, "new.example"))
        let origins = try [a, b].compactMap { JSONTime.seconds(try Self.zone($0, "new.example")?["changedAt"]) }
        let changedAt = try #require(JSONTime.seconds(taken["changedAt"]))
        #expect(origins.contains(changedAt), "\(origins) vs \(changedAt)")
        #expect((JSONTime.seconds(taken["updatedAt"]) ?? 0) > changedAt)
        #expect(taken["hostname"] as? String == "da1.example" && taken["username"] as? String == "bob")
        #expect(try Self.history(c, "new.example").last?["source"] as? String == "peer")
        #expect(try Self.history(c, "gone.example").last?["source"] as? String == "peer")

        // Two more intervals: the delete stands on every node (it does not come back from anyone).
        Thread.sleep(forTimeInterval: Self.interval * 60 * 2)
        #expect(try named.query("gone.example", "SOA").status == "REFUSED")
        for node in [a, b, c] { #expect(try Self.zone(node, "gone.example")?["present"] as? Bool == false) }

        // /status and metrics show both peers healthy.
        let section = try Self.peerSection(c)
        #expect(section["status"] as? String == "enabled", "\(section)")
        let peers = section["peers"] as? [[String: Any]] ?? []
        #expect(Set(peers.compactMap { $0["url"] as? String }) == Set(urls[0...1]))
        #expect(peers.allSatisfy { $0["healthy"] as? Bool == true && $0["consecutiveFailures"] as? Int == 0 && $0["lastSeen"] != nil })
        #expect(peers.reduce(0) { $0 + ($1["zonesPulled"] as? Int ?? 0) } >= 2)
        let metrics = try PrometheusText(c.get("/metrics").body)
        #expect(metrics.value("dadns_peer_sync_peer_up", ["peer": urls[0]]) == 1)
        #expect((metrics.value("dadns_peer_sync_zones_total", ["kind": "pulled"]) ?? 0) >= 2)
        #expect(c.log().contains("[peer_sync] Synced"))
        #expect(!c.log().contains(Self.peerPassword))
        let human = try c.cli(["status"])
        #expect(human.output.contains("peer sync: enabled, last pass"), "\(human.output)")
        #expect(human.output.contains("\(urls[0]) (config): healthy, last seen"), "\(human.output)")
    }

    @Test func aPeerAnsweringGarbageIsRejectedLoggedAndChangesNothingThenDegradesAndRecovers() throws {
        let fake = try FakePeer()
        defer { fake.stop() }
        let gossiped = try FakePeer()
        defer { gossiped.stop() }
        let port = try FreePort.find()
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-peer-g-\(UUID().uuidString.prefix(6))")
        let now = Date().timeIntervalSince1970
        let valid = FakeDirectAdmin.zone("evil.example", serial: 9)
        let wrongHash = String(repeating: "ab", count: 32)
        let listing: [[String: Any]] = [
            ["domain": "bad name!.example", "changed_at": now, "content_hash": wrongHash, "deleted": false],
            ["domain": "good.example", "changed_at": now + 600, "content_hash": wrongHash, "deleted": false],
            ["domain": "evil.example", "changed_at": now, "content_hash": wrongHash, "deleted": false],
            ["domain": "other.example", "changed_at": now, "content_hash": "not-a-hash", "deleted": false],
        ]
        fake.answer("/internal/zones", body: String(decoding: try JSONSerialization.data(withJSONObject: listing), as: UTF8.self))
        fake.answer("/internal/zones?domain=good.example", body: #"{"domain": "good.example", "zone_data": "this is not a zone"}"#)
        let document = try JSONSerialization.data(withJSONObject: ["domain": "evil.example", "zone_data": valid])
        fake.answer("/internal/zones?domain=evil.example", body: String(decoding: document, as: UTF8.self))
        // Gossip: a new peer, and this node itself (never added).
        fake.answer("/internal/peers", body: "[\"\(gossiped.url)/\", \"http://127.0.0.1:\(port)\", \"javascript:alert(1)\"]")
        gossiped.answer("/internal/zones", body: "[]")

        let node = try DadnsProcess(
            directory: directory, port: port, backends: Self.fileBackend(directory), extra: Self.peerSync([fake.url], interval: 0.01))
        defer {
            node.stop()
            node.removeFiles()
        }
        try Self.push(node, "good.example", serial: 1)
        let before = try #require(try Self.zone(node, "good.example"))
        #expect(try DadnsProcess.waitFor { node.log().contains("evil.example: content hash mismatch") }, "\(node.log())")
        let log = node.log()
        #expect(log.contains("[peer_sync] \(fake.url): listing entry rejected — invalid domain name 'bad name!.example'"), "\(log)")
        #expect(log.contains("good.example: invalid zone"), "\(log)")
        #expect(log.contains("other.example: content_hash 'not-a-hash' is not a SHA-256 hex digest"), "\(log)")
        let after = try #require(try Self.zone(node, "good.example"))
        #expect(after["generation"] as? Int == before["generation"] as? Int && (after["changedAt"] as? String).map { $0 == before["changedAt"] as? String } == true)
        #expect(try Self.zone(node, "evil.example") == nil)
        #expect(try Self.zone(node, "other.example") == nil)

        // Gossip added the new peer (with the introducing peer's credentials) but not this node.
        #expect(try DadnsProcess.waitFor { gossiped.requests.contains("/internal/zones") }, "\(node.log())")
        let peers = try Self.peerSection(node)["peers"] as? [[String: Any]] ?? []
        #expect(peers.compactMap { $0["url"] as? String } == [fake.url, gossiped.url], "\(peers)")
        #expect(peers.last?["origin"] as? String == "gossip" && peers.last?["discoveredVia"] as? String == fake.url)
        #expect(node.log().contains("[peer_sync] Discovered new peer \(gossiped.url) via \(fake.url)"))
        let rejected = peers.first?["zonesRejected"] as? Int ?? 0
        #expect(rejected >= 4, "\(peers)")

        // Broken JSON: a failure per pass; degraded after three in a row; recovery is logged.
        fake.answer("/internal/zones", body: "{\"zones\": [garbage")
        #expect(
            try DadnsProcess.waitFor(seconds: 15) { try Self.peerSection(node)["status"] as? String == "degraded" }, "\(node.log())")
        #expect(node.log().contains("[peer_sync] \(fake.url): marked degraded after 3 consecutive failures — answered garbage"))
        let status = try node.status()
        #expect(status["status"] as? String == "degraded")
        #expect((status["reasons"] as? [String] ?? []).contains { $0.contains("peer sync: \(fake.url) failed") })
        let metrics = try PrometheusText(node.get("/metrics").body)
        #expect(metrics.value("dadns_peer_sync_peer_up", ["peer": fake.url]) == 0)
        #expect(try Self.zone(node, "good.example")?["generation"] as? Int == before["generation"] as? Int)

        fake.answer("/internal/zones", body: "[]")
        #expect(try DadnsProcess.waitFor(seconds: 10) { node.log().contains("[peer_sync] \(fake.url): peer recovered") }, "\(node.log())")
        #expect(try DadnsProcess.waitFor { try Self.peerSection(node)["status"] as? String == "enabled" })
    }

    @Test func peerAndDirectAdminCredentialsAreSeparate() throws {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-peer-c-\(UUID().uuidString.prefix(6))")
        // Peer sync is off, yet /internal serves with the peer credentials (other nodes pull from it).
        let node = try DadnsProcess(
            directory: directory, backends: Self.fileBackend(directory),
            extra: "peer_sync:\n  auth_username: \(Self.peerUser)\n  auth_password: \(Self.peerPassword)")
        defer {
            node.stop()
            node.removeFiles()
        }
        try Self.push(node, "listed.example", serial: 3)
        // DirectAdmin's credentials cannot read /internal; no credentials neither.
        #expect(try node.get("/internal/zones").status == 401)
        #expect(try node.get("/internal/peers").status == 401)
        #expect(try node.send("GET", "/internal/zones", user: "nobody", password: "x").status == 401)
        // Peer credentials cannot push, delete, or use the operator API.
        let zoneText = FakeDirectAdmin.zone("sneaky.example", serial: 1)
        let push = try node.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=sneaky.example&hostname=x", zoneText, user: Self.peerUser,
            password: Self.peerPassword)
        #expect(push.status == 401)
        let delete = try node.send(
            "POST", "/CMD_API_DNS_ADMIN", "action=delete&hostname=da1.example&select0=listed.example", user: Self.peerUser,
            password: Self.peerPassword)
        #expect(delete.status == 401)
        for target in ["/api/zones", "/status", "/metrics", "/CMD_API_LOGIN_TEST"] {
            #expect(try node.send("GET", target, user: Self.peerUser, password: Self.peerPassword).status == 401, "\(target)")
        }
        #expect(try Self.zone(node, "sneaky.example") == nil)
        #expect(try Self.zone(node, "listed.example")?["present"] as? Bool == true)

        // With the peer credentials: the listing, one zone, the peers.
        func peerGET(_ target: String) throws -> (status: Int, json: Any?) {
            let reply = try node.send("GET", target, user: Self.peerUser, password: Self.peerPassword)
            return (reply.status, try? JSONSerialization.jsonObject(with: Data(reply.body.utf8)))
        }
        let listing = try peerGET("/internal/zones")
        #expect(listing.status == 200)
        let entry = try #require((listing.json as? [[String: Any]])?.first)
        #expect(entry["domain"] as? String == "listed.example" && entry["deleted"] as? Bool == false)
        #expect((entry["content_hash"] as? String)?.count == 64 && entry["changed_at"] as? Double != nil)
        #expect(entry["hostname"] as? String == "da1.example" && entry["username"] as? String == "bob")
        let stamp = try #require(entry["zone_updated_at"] as? String)
        #expect(stamp.count == 26 && stamp.contains("T") && !stamp.hasSuffix("Z"), "\(stamp)")
        let one = try peerGET("/internal/zones?domain=listed.example")
        let document = try #require(one.json as? [String: Any])
        #expect(one.status == 200 && (document["zone_data"] as? String)?.contains("SOA") == true)
        #expect(document["content_hash"] as? String == entry["content_hash"] as? String)
        #expect(try peerGET("/internal/zones?domain=unknown.example").status == 404)
        #expect(try peerGET("/internal/zones?domain=bad..name").status == 400)
        #expect(try peerGET("/internal/peers").json as? [String] == [])

        // A delete becomes a tombstone in the listing, and its text is gone.
        try Self.delete(node, "listed.example")
        let tombstone = try #require((try peerGET("/internal/zones").json as? [[String: Any]])?.first)
        #expect(tombstone["deleted"] as? Bool == true && tombstone["content_hash"] == nil)
        #expect((tombstone["changed_at"] as? Double ?? 0) > (entry["changed_at"] as? Double ?? .infinity))
        #expect(try peerGET("/internal/zones?domain=listed.example").status == 404)
        // The tenth failed login from this address, so last: after it the address gets 429 for a minute.
        #expect(try node.send("POST", "/api/retry", user: Self.peerUser, password: Self.peerPassword).status == 401)
        #expect(try peerGET("/internal/peers").status == 429)
        #expect(!node.log().contains(Self.peerPassword))
    }
}
