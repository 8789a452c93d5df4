import DadnsTestKit
import DadnsTestTraits
import Foundation
import Testing

/// The console's screenshots in docs/img (issue 18): `scripts/ui-test/screenshots.py` saves the
/// overview, the zones list and a zone page from headless Chromium, against `dadns serve` with a
/// real named (`bind`) and a second backend whose rndc port nothing listens on (`bind_dc2`,
/// failing every zone). By default into a temporary directory (the test checks three 1280x900
/// PNGs); with `DADNS_SCREENSHOTS_DIR=$PWD/docs/img` it regenerates the docs' images.
@Suite("Console screenshots", .serialized, .offThePool)
struct ConsoleScreenshotTests {
    static var script: String { CrashTestScriptTests.repository.appendingPathComponent("scripts/ui-test/screenshots.py").path }
    static let pages = ["console-overview.png", "console-zones.png", "console-zone.png"]

    @Test func screenshotsOfTheOverviewTheZonesAndAZonePage() throws {
        #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"), "chromium is not installed")
        #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"), "chromium-driver is not installed")
        let named = try NamedServer()
        defer { named.stop() }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("console-shots-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let failing = """
            bind_dc2:
              type: bind
              enabled: true
              zones_dir: \(scratch.path)/dc2-zones
              named_conf: \(scratch.path)/dc2-zones.include
              rndc_path: /usr/sbin/rndc
              rndc_server: 127.0.0.1
              rndc_port: \(try FreePort.find())
              rndc_key_file: \(named.keyFile)
            """
        let daemon = try DadnsProcess(
            backends: DadnsProcess.bindBackend(named) + "\n" + failing, dns: "retry_schedule_seconds: [0.5]",
            extra: "healing: {enabled: false}")
        defer { daemon.stop(); daemon.removeFiles() }
        let zones = ["example.com", "shop.example.com", "blog.example.net", "mail.example.org", "acme.test", "wiki.example.net"]
        for domain in zones { try OperatorViewTests.push(daemon, domain, serial: 1) }
        // A second version of one zone, so its page has a journal (and history) to show.
        try OperatorViewTests.push(daemon, "shop.example.com", serial: 2)
        #expect(DadnsProcess.waitFor(seconds: 30) { daemon.isCaughtUp("bind") }, "\(daemon.log())")
        #expect(try DadnsProcess.waitFor(seconds: 30) { try daemon.backlog("bind_dc2").failed == zones.count }, "\(daemon.log())")

        // The overview's charts come from /api/activity: the lanes of a real daemon fed it.
        let reply = try daemon.send("GET", "/api/activity", "", user: "directdnsonly", password: "secret")
        let activity = try #require(try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any], "\(reply.body)")
        func sum(_ values: Any?) -> Int { (values as? [Int] ?? []).reduce(0, +) }
        #expect(sum(activity["pushes"]) == zones.count + 1, "\(reply.body.prefix(300))")
        let backends = activity["backends"] as? [[String: Any]] ?? []
        #expect(backends.map { $0["name"] as? String } == ["bind", "bind_dc2"])
        let applied = sum(backends.first?["applied"])
        #expect(applied >= zones.count && applied <= zones.count + 1, "each zone applied once (shop.example.com perhaps twice): \(applied)")
        #expect(sum(backends.last?["applied"]) == 0 && sum(backends.last?["failed"]) >= 2 * zones.count)
        let latency = activity["latency"] as? [String: Any]
        #expect(sum(latency?["count"]) == applied && (latency?["max"] as? [Any])?.contains { $0 is Double } == true)

        let directory = ProcessInfo.processInfo.environment["DADNS_SCREENSHOTS_DIR"] ?? scratch.appendingPathComponent("img").path
        let output = scratch.appendingPathComponent("screenshots.log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let child = try SpawnedProcess(
            [CrashTestScriptTests.python(), Self.script, "http://127.0.0.1:\(daemon.port)", "directdnsonly", "secret", "shop.example.com",
             directory],
            logFile: output.path)
        let status = child.wait(timeout: 120)
        if status == nil { child.signal(SIGKILL); _ = child.wait() }
        let printed = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(printed)\n\(daemon.log())")
        for page in Self.pages {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(page))
            let size = try #require(Self.pngSize(data), "\(page) is not a PNG")
            #expect(size.width == 1280 && size.height == 900, "\(page) is \(size.width)x\(size.height)")
        }
    }

    /// Width and height from a PNG's IHDR chunk; nil when `data` is not a PNG.
    static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], bytes[12..<16] == [0x49, 0x48, 0x44, 0x52] else {
            return nil
        }
        func number(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (number(16), number(20))
    }
}
