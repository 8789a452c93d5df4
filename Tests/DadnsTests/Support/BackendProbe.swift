import Foundation
import DadnsTestKit

/// What one DNS backend holds, read from outside dadns: the SOA serial of each zone (DNS
/// queries for named and NSD, SQL for MariaDB).
struct BackendProbe: Sendable {
    let name: String
    /// The serial each of the given zones has on the backend (zones it does not hold are left out).
    let serials: @Sendable ([String]) throws -> [String: Int]

    /// A DNS server on 127.0.0.1:`port`, asked with one `dig -f` run.
    static func dns(_ name: String, port: Int) -> BackendProbe {
        BackendProbe(name: name) { zones in
            try Dig.soaRecords(port: port, zones: zones).compactMapValues(Self.serial(ofSOA:))
        }
    }

    /// The `@ SOA` rows of the coredns_mysql tables in `server`'s database.
    static func mariaDB(_ name: String, _ server: MariaDBServer) -> BackendProbe {
        BackendProbe(name: name) { zones in
            let rows = try server.sql("""
                SELECT z.zone_name, r.data FROM records r JOIN zones z ON z.id = r.zone_id
                WHERE r.type = 'SOA' AND r.hostname = '@' AND z.managed_by = 'directadmin'
                """)
            var found: [String: Int] = [:]
            for row in rows {
                let fields = row.split(separator: "\t", maxSplits: 1).map(String.init)
                guard fields.count == 2, let serial = serial(ofSOA: fields[1]) else { continue }
                let zone = String(fields[0].dropLast())  // without the trailing dot
                if zones.contains(zone) { found[zone] = serial }
            }
            return found
        }
    }

    /// The serial in SOA rdata (`mname rname serial refresh retry expire minimum`).
    static func serial(ofSOA rdata: String) -> Int? {
        let fields = rdata.split(whereSeparator: { $0 == " " || $0 == "\t" })
        return fields.count >= 3 ? Int(fields[2]) : nil
    }

    /// Polls every 20 ms until the backend serves `serial` for `domain`; the seconds since
    /// `since` when it did, or nil if it did not within `seconds`. Blocks between looks (its
    /// callers are synchronous tests running `.offThePool`).
    func waitUntilServes(_ domain: String, _ serial: Int, since: Date, seconds: Double = 15) -> Double? {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if (try? serials([domain]))?[domain] == serial { return Date().timeIntervalSince(since) }
            Thread.sleep(forTimeInterval: 0.02)
        } while Date() < deadline
        return nil
    }

    /// Polls every probe at once (one thread each) until each serves `serial` for `domain`; each
    /// one's seconds since `since`, nil for one that did not within `seconds`.
    static func waitUntilAllServe(_ probes: [BackendProbe], _ domain: String, _ serial: Int, since: Date, seconds: Double = 15) -> [Double?] {
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var values: [Double?]
            init(_ count: Int) { values = Array(repeating: nil, count: count) }
        }
        let results = Results(probes.count)
        DispatchQueue.concurrentPerform(iterations: probes.count) { index in
            let lag = probes[index].waitUntilServes(domain, serial, since: since, seconds: seconds)
            results.lock.withLock { results.values[index] = lag }
        }
        return results.values
    }
}
