#if canImport(Glibc)
import Glibc
#endif

extension SOAProbe {
    /// Queries every zone once (at most `window` queries in flight); returns the zones whose
    /// authoritative SOA has serial `serial` (any serial when nil).
    func served(_ zones: [String], serial: UInt32?, window: Int = 256) -> Set<String> {
        var matched: Set<String> = []
        var start = 0
        while start < zones.count {
            let slice = Array(zones[start..<min(zones.count, start + window)])
            for (zone, found) in serials(of: slice, timeout: 0.5) where serial == nil || found == serial {
                matched.insert(zone)
            }
            start += window
        }
        return matched
    }

    /// Polls until every zone answers with `serial` or `timeout` seconds pass; returns the
    /// seconds it took, or nil with the number still missing.
    func waitUntilServed(_ zones: [String], serial: UInt32, timeout: Double) -> (seconds: Double?, missing: Int) {
        let start = Clock.now()
        var pending = zones
        while true {
            let done = served(pending, serial: serial)
            pending.removeAll { done.contains($0) }
            if pending.isEmpty { return (Clock.now() - start, 0) }
            if Clock.now() - start > timeout { return (nil, pending.count) }
            usleep(pending.count > 100 ? 20_000 : 2_000)
        }
    }
}
