import Foundation
import Testing
import DadnsTestKit
import DadnsTestTraits

/// End to end: DirectAdmin pushes into `dadns serve` with two coredns_mysql backends (one
/// MariaDB server per "data centre"); one server stops and comes back.
@Suite("DirectAdmin push to two MariaDB servers", .serialized, .offThePool)
struct DirectAdminToCoreDNSMySQLTests {
    static func push(_ daemon: DadnsProcess, _ domain: String, serial: Int) throws {
        let reply = try daemon.send(
            "POST", "/CMD_API_DNS_ADMIN?action=rawsave&domain=\(domain)&hostname=da1.example",
            DirectAdminToNamedTests.zone(domain, serial: serial, address: "192.0.2.\(serial)"))
        #expect(reply.status == 200 && reply.body == "error=0", "\(reply.body)")
    }

    /// The zones a server holds (without the trailing dot).
    static func zones(_ server: MariaDBServer) -> Set<String> {
        let rows = (try? server.sql("SELECT zone_name FROM zones WHERE managed_by = 'directadmin'")) ?? []
        return Set(rows.map { String($0.dropLast()) })
    }

    /// Polls until `server` holds `expected`, at most `seconds`; returns the time it took (nil: never).
    static func waitFor(_ expected: Set<String>, on server: MariaDBServer, seconds: Double) -> Double? {
        let start = Date()
        while Date().timeIntervalSince(start) < seconds {
            if expected.isSubset(of: zones(server)) { return Date().timeIntervalSince(start) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    @Test func oneStoppedDatabaseDoesNotHoldUpTheOtherAndCatchesUp() throws {
        let dc1 = try MariaDBServer()
        defer { dc1.destroy() }
        let dc2 = try MariaDBServer()
        defer { dc2.destroy() }
        let daemon = try DadnsProcess(
            backends: DadnsProcess.corednsBackend(dc1, name: "coredns_dc1") + "\n" + DadnsProcess.corednsBackend(dc2, name: "coredns_dc2"),
            dns: "retry_schedule_seconds: \"\(Array(repeating: "1", count: 60).joined(separator: ","))\"")
        defer { daemon.stop(); daemon.removeFiles() }

        let first: Set<String> = ["one.example", "two.example", "three.example"]
        for domain in first.sorted() { try Self.push(daemon, domain, serial: 1) }
        let baseline = Self.waitFor(first, on: dc1, seconds: 20)
        #expect(baseline != nil, "\(daemon.log().suffix(3000))")
        #expect(Self.waitFor(first, on: dc2, seconds: 20) != nil, "\(daemon.log().suffix(3000))")
        #expect(try dc1.sql("SELECT data FROM records WHERE hostname = 'www'").count == 3)

        dc2.stop()
        let second: Set<String> = ["four.example", "five.example", "six.example"]
        for domain in second.sorted() { try Self.push(daemon, domain, serial: 2) }
        // dc1's lane does not wait for dc2's failures: the new zones arrive as before.
        let lag = Self.waitFor(second, on: dc1, seconds: 20)
        #expect(lag != nil, "\(daemon.log().suffix(3000))")
        // Generous bound (the figures are printed): dc1 is not waiting for dc2's timeouts.
        #expect((lag ?? 99) < 5, "coredns_dc1 took \(lag ?? -1) s with coredns_dc2 down")
        print("coredns_dc1 lag: \(String(format: "%.3f", baseline ?? -1)) s with both up, \(String(format: "%.3f", lag ?? -1)) s with coredns_dc2 down")
        #expect(Self.zones(dc1).count == 6)
        // A changed zone while dc2 is down too.
        try Self.push(daemon, "one.example", serial: 5)
        #expect(Self.waitForRows(dc1, "www.one", "192.0.2.5"))

        try dc2.start()
        #expect(Self.waitFor(first.union(second), on: dc2, seconds: 30) != nil, "\(daemon.log().suffix(3000))")
        #expect(Self.waitForRows(dc2, "www.one", "192.0.2.5"))
        let output = daemon.log()
        // dc2's lane really failed while its server was down, and was retried.
        #expect(output.contains("backend=coredns_dc2") && output.contains("retry in 1 s"), "\(output.suffix(3000))")
        #expect(!output.contains(dc1.password) && !output.contains(dc2.password))

        // A delete reaches both.
        let deleted = try daemon.send("POST", "/CMD_API_DNS_ADMIN", "action=delete&cluster=yes&hostname=da1.example&select0=two.example")
        #expect(deleted.body == "error=0")
        for server in [dc1, dc2] {
            let start = Date()
            while Self.zones(server).contains("two.example") && Date().timeIntervalSince(start) < 20 { Thread.sleep(forTimeInterval: 0.05) }
            #expect(!Self.zones(server).contains("two.example"))
        }
    }

    /// Polls until the `www` A row of a zone holds `address`.
    static func waitForRows(_ server: MariaDBServer, _ zoneAndHost: String, _ address: String) -> Bool {
        let parts = zoneAndHost.split(separator: ".", maxSplits: 1)
        let query = "SELECT r.data FROM records r JOIN zones z ON z.id = r.zone_id WHERE z.zone_name = '\(parts[1]).example.' AND r.hostname = '\(parts[0])'"
        let start = Date()
        while Date().timeIntervalSince(start) < 20 {
            if (try? server.sql(query)) == [address] { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    @Test func withoutConnectorCStartUpStopsAndNamesThePackage() throws {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dadns-nolib-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = """
            datastore:
              db_location: \(directory.path)/dadns.db
            dns:
              backends:
                coredns_dc1:
                  type: coredns_mysql
                  enabled: true
                  password: hunter2-secret
                  library_path: /nonexistent/libmariadb.so.3
            """
        let path = directory.appendingPathComponent("app.yml").path
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        for command in [["check-config"], ["serve"]] {
            let (status, text) = try ProgramRun.output([TestBinaries.dadns()] + command + ["--config", path])
            #expect(status == 78, "\(command): \(text)")
            #expect(text.contains("libmariadb3"), "\(command): \(text)")
            #expect(text.contains("dns.backends.coredns_dc1.library_path"), "\(command): \(text)")
            #expect(!text.contains("hunter2-secret"))
        }
    }
}
