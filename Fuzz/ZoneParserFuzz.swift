import DNSZone

// libFuzzer entry point for the master-file parser, outside the package so that `swift build`
// never sees it: scripts/fuzz-zone-parser.sh compiles it with swiftc against a DNSZone built
// with -sanitize=fuzzer,address. Besides "does not crash", it checks the round-trip property on every input the parser accepts:
// parse(print(z)) == z, and printing is stable.

private let origin: DNSName = {
    do { return try DNSName("example.com.") } catch { fatalError("bad origin") }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzZoneParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let zone = try? ZoneParser.parse(bytes, origin: origin) else { return 0 }
    let printed = ZoneWriter.canonicalBytes(zone)
    let reparsed: Zone
    do {
        reparsed = try ZoneParser.parse(printed, origin: origin)
    } catch {
        fatalError("canonical output does not parse: \(error)\n\(String(decoding: printed, as: UTF8.self))")
    }
    guard reparsed == zone else {
        fatalError("round trip changed the zone:\n\(String(decoding: printed, as: UTF8.self))")
    }
    guard ZoneWriter.canonicalBytes(reparsed) == printed else {
        fatalError("printing is not stable")
    }
    _ = ZoneWriter.relativeRecords(zone)
    return 0
}
