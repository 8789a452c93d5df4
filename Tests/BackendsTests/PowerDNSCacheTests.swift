import Foundation
import Logging
import Testing
@testable import Backends
import DadnsTestKit

/// PowerDNS's packet cache and dadns's changes: under a steady query load, every update is served
/// at once. PowerDNS purges its caches after a PATCH, but a query in flight can put the old
/// answer back for cache-ttl (20 s); the backend's second purge closes that window.
@Suite("PowerDNS caches and updates", .serialized)
struct PowerDNSCacheTests {
    /// The SOA serial `port` answers for `zone`, over one UDP socket (dig would be too slow to
    /// make a load); nil when there is no answer.
    static func soaSerial(port: Int, zone: String) -> UInt32? {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var tv = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var query: [UInt8] = [0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
        for label in zone.split(separator: ".") { query.append(UInt8(label.utf8.count)); query += Array(label.utf8) }
        query += [0, 0, 6, 0, 1]
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, query, query.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard sent == query.count else { return nil }
        var answer = [UInt8](repeating: 0, count: 1500)
        let count = recv(fd, &answer, answer.count, 0)
        // One SOA in the answer section and nothing after it: the serial is the first of the last five numbers.
        guard count > 32, answer[7] == 1, answer[9] == 0, answer[11] == 0 else { return nil }
        return answer[(count - 20)..<(count - 16)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    @Test func everyUpdateIsServedAtOnceUnderAQueryLoad() async throws {
        let pdns = try PowerDNSServer()
        defer { pdns.stop() }
        let backend = PowerDNSBackend(
            name: "powerdns", settings: PowerDNSSettings(apiURL: pdns.apiURL, apiKey: pdns.apiKey), logger: Logger(label: "test"))
        let zone = "load.example"
        #expect(await backend.apply([BackendChange(domain: zone, zoneText: PowerDNSBackendTests.zone(zone, serial: 1, address: "192.0.2.1"))])
            == [.applied])
        #expect(Self.soaSerial(port: pdns.port, zone: zone) == 1)

        let stop = SchemaFlag()  // a flag set once, read from any thread
        let port = pdns.port
        let load = (0..<2).map { _ in
            Thread { while !stop.isSet { _ = Self.soaSerial(port: port, zone: zone) } }
        }
        load.forEach { $0.start() }
        defer { stop.set() }
        var stale: [Int] = []
        for serial in 2...41 {
            let text = PowerDNSBackendTests.zone(zone, serial: serial, address: "192.0.2.1")
            #expect(await backend.apply([BackendChange(domain: zone, zoneText: text)]) == [.applied])
            // Well under PowerDNS's cache-ttl (20 s): an answer cached from before the change would still be served.
            let served = await Dig.waitFor(seconds: 3) { Self.soaSerial(port: port, zone: zone) == UInt32(serial) }
            if !served { stale.append(serial) }
        }
        #expect(stale.isEmpty, "still the old serial 3 s after the update, for serials \(stale)")
    }
}
