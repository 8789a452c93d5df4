import Foundation
import Testing
import DadnsTestKit

/// `dadns probe` against a running daemon and a real named: a zone named serves from an old
/// copy is reported stale, queued again by the daemon, and served again; /status and /metrics
/// show the results.
@Suite("Served-state probe end to end", .serialized)
struct ProbeEndToEndTests {
    static let domain = "probed.example"

    static func serves(_ named: NamedServer, serial: Int) throws -> Bool {
        try named.query(domain, "SOA").answer.first?.contains(" \(serial) 3600 ") == true
    }

    @Test func dadnsProbeFindsAnOldCopyNamedServesAndTheDaemonAppliesTheZoneAgain() throws {
        let named = try NamedServer()
        defer { named.stop() }
        let daemon = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named) + "\n  dns_address: 127.0.0.1:\(named.port)",
            extra: "healing: {enabled: false}\nprobe: {timeout_ms: 300, retries: 1}")
        defer { daemon.stop(); daemon.removeFiles() }
        var oldCopy = ""
        for serial in 1...2 {
            let zone = DirectAdminToNamedTests.zone(Self.domain, serial: serial, address: "192.0.2.\(serial)")
            let reply = try daemon.send("POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(Self.domain)&hostname=da1.example", zone)
            #expect(reply.status == 200 && reply.body == "error=0", "\(reply.body)")
            #expect(try DadnsProcess.waitFor { try Self.serves(named, serial: serial) }, "v\(serial) not served: \(daemon.log())")
            if serial == 1 { oldCopy = try String(contentsOfFile: named.zonesDirectory + "/\(Self.domain).db", encoding: .utf8) }
        }

        let served = try daemon.cli(["probe"])
        #expect(served.status == 0, "\(served.output)")
        #expect(served.output.contains("bind (127.0.0.1:\(named.port)): 1 zone(s): 1 served, 0 stale, 0 missing, 0 unanswered"), "\(served.output)")

        // Behind dadns's back named is made to serve the old copy again.
        try oldCopy.write(toFile: named.zonesDirectory + "/\(Self.domain).db", atomically: true, encoding: .utf8)
        #expect(try named.rndc(["reload", Self.domain]) == 0)
        #expect(try DadnsProcess.waitFor { try Self.serves(named, serial: 1) })

        let stale = try daemon.cli(["probe", "--zone", Self.domain.uppercased()])
        #expect(stale.status == 1, "\(stale.output)")
        #expect(stale.output.contains("bind  \(Self.domain)  stale (serial 1, want 2)"), "\(stale.output)")
        #expect(stale.output.contains("1 queued to be applied again"), "\(stale.output)")
        // The daemon's lane applies the zone again: named serves the stored serial.
        #expect(try DadnsProcess.waitFor { try Self.serves(named, serial: 2) }, "not applied again: \(daemon.log())")
        let status = try daemon.status()
        let probe = try #require(status["probe"] as? [String: Any], "\(status)")
        let backends = try #require(probe["backends"] as? [[String: Any]])
        #expect(backends.first?["stale"] as? Int == 1, "the latest result until the next probe: \(probe)")
        #expect((probe["notServed"] as? [[String: Any]])?.first?["zone"] as? String == Self.domain, "\(probe)")
        #expect(status["status"] as? String == "degraded", "\(status)")

        let again = try daemon.cli(["probe", "--json"])
        #expect(again.status == 0, "\(again.output)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(again.output.utf8)) as? [String: Any])
        #expect((report["backends"] as? [[String: Any]])?.first?["served"] as? Int == 1, "\(again.output)")
        let after = try daemon.status()
        #expect(after["status"] as? String == "ok", "\(after)")

        let metrics = try PrometheusText(try daemon.get("/metrics").body)
        #expect(metrics.value("dadns_probe_zones", ["backend": "bind", "state": "served"]) == 1)
        #expect(metrics.value("dadns_probe_zones", ["backend": "bind", "state": "stale"]) == 0)
        #expect(metrics.value("dadns_probe_passes_total", [:]) == 2)
        #expect(metrics.value("dadns_probe_duration_seconds", ["backend": "bind"]) != nil)

        let unknown = try daemon.cli(["probe", "--zone", "nope.example"])
        #expect(unknown.status != 0 && unknown.output.contains("nope.example is not a present zone here"), "\(unknown.output)")
        #expect(try daemon.send("POST", "/api/probe?backend=nope", "").status == 400)
        #expect(try daemon.send("POST", "/api/probe?zone=nope.example", "").status == 404)
    }
}
