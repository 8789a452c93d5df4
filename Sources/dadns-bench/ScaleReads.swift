import DadnsTestKit
import Foundation

/// The reads `dadns-bench scale` times against a node holding many zones: each repeated, the
/// median and the slowest printed with the answer's size.
struct ScaleReads {
    let node: ScaleNode
    let repeats: Int
    let zones: Int

    /// Times `request` `repeats` times; prints median, max and the last answer's size.
    @discardableResult
    func timed(_ label: String, _ request: () throws -> PushClient.Reply) throws -> PushClient.Reply {
        var times: [Double] = []
        var last: PushClient.Reply?
        for _ in 0..<repeats {
            let started = Clock.now()
            let reply = try request()
            times.append(reply.elapsed ?? (Clock.now() - started))
            guard (200..<300).contains(reply.status) else { throw BenchError("\(label): HTTP \(reply.status) \(reply.body.prefix(200))") }
            last = reply
        }
        let size = last?.body.utf8.count ?? 0
        print(label.padding(toLength: 42, withPad: " ", startingAt: 0)
            + String(format: "median %.1f ms, max %.1f ms (%d bytes)", BenchPushCommand.percentile(times, 50) * 1000, (times.max() ?? 0) * 1000, size))
        guard let last else { throw BenchError("\(label): not measured") }
        return last
    }

    func get(_ target: String, from client: PushClient, headers: [String] = []) throws -> PushClient.Reply {
        try client.request(method: "GET", target: target, body: [], headers: headers)
    }

    /// `/status` and `/api/zones` list pages.
    func measureAPI() throws {
        let client = node.client()
        try timed("GET /status") { try get("/status", from: client) }
        // The backlog is kept between store writes: after a push it is counted afresh.
        var edit = 0
        try timed("GET /status after a push") {
            edit += 1
            try client.pushBenchZone(edit, serial: 2024020100 + UInt32(edit))
            let started = Clock.now()
            var reply = try get("/status", from: client)
            reply.elapsed = Clock.now() - started
            return reply
        }
        try timed("GET /api/zones?limit=100") { try get("/api/zones?limit=100", from: client) }
        try timed("GET /api/zones?after=customer5&limit=100") { try get("/api/zones?after=customer5&limit=100", from: client) }
        try timed("GET /api/zones?state=failed") { try get("/api/zones?state=failed", from: client) }
        try timed("GET /api/zones?backend=bind&state=ok") { try get("/api/zones?backend=bind&state=ok&limit=100", from: client) }
    }

    /// `dadns zones --state failed`, the whole command as an operator runs it.
    func measureCLI(executable: String) throws {
        try timed("dadns zones --state failed") {
            let result = try ProgramRun.run([executable, "zones", "--state", "failed", "--config", node.config], errors: .merged)
            return PushClient.Reply(status: result.status == 0 ? 200 : 500, headers: [], body: result.text)
        }
    }

    /// The console's zones page, logged in.
    func measureConsole() throws {
        let client = node.client()
        let form = try get("/ui/login", from: client)
        guard let loginCookie = Self.cookie("dadns_login", in: form), let token = Self.csrf(in: form.body) else {
            throw BenchError("the login form holds no CSRF token")
        }
        let body = "csrf=\(token)&username=directdnsonly&password=\(node.password)"
        let login = try client.request(
            method: "POST", target: "/ui/login", body: Array(body.utf8),
            headers: ["Cookie: dadns_login=\(loginCookie)", "Content-Type: application/x-www-form-urlencoded"])
        guard let session = Self.cookie("dadns_session", in: login) else { throw BenchError("console login failed: HTTP \(login.status)") }
        let cookie = ["Cookie: dadns_session=\(session)"]
        let sample = zones / 2 + 4242 % max(zones / 2, 1)
        let lastPageAfter = (0..<zones).map(BenchSeeder.domain).sorted().dropLast(50).last ?? ""
        let pages = [
            ("/ui/zones (first page)", "/ui/zones"),
            ("/ui/zones prefix search", "/ui/zones?q=customer\(sample)&match=prefix"),
            ("/ui/zones substring search", "/ui/zones?q=\(sample)&match=substring"),
            ("/ui/zones state=failed", "/ui/zones?state=failed"),
            ("/ui/zones state=ok backend=bind", "/ui/zones?state=ok&backend=bind"),
            ("/ui/zones backend=bind", "/ui/zones?backend=bind"),
            ("/ui/zones last page", "/ui/zones?after=\(lastPageAfter)"),
        ]
        for (label, target) in pages {
            let reply = try timed(label) { try get(target, from: client, headers: cookie) }
            // A substring search scans at most 5,000 names per page and may end a page empty.
            guard reply.body.contains("data-zone") || target.contains("failed") || target.contains("substring") else {
                throw BenchError("\(label): no zone rows")
            }
        }
    }

    /// One healing pass (`POST /api/heal`): its time, longest lane hold and CPU time.
    func measureHealing() throws {
        let client = node.client()
        let started = Clock.now()
        let reply = try client.request(method: "POST", target: "/api/heal", body: [])
        let took = Clock.now() - started
        guard reply.status == 200 else { throw BenchError("POST /api/heal: HTTP \(reply.status) \(reply.body.prefix(200))") }
        let reports = (try? JSONSerialization.jsonObject(with: Data(reply.body.utf8))) as? [[String: Any]] ?? []
        for report in reports {
            let drifted = (report["drifted"] as? [Any])?.count ?? 0
            print(String(
                format: "healing pass (%@)                  %.2f s wall, %d checked, %d drifted, longest lane hold %.0f ms, CPU %.2f s",
                report["backend"] as? String ?? "?", took, report["checked"] as? Int ?? 0, drifted,
                (report["longestHoldSeconds"] as? Double ?? -1) * 1000, report["cpuSeconds"] as? Double ?? -1))
        }
    }

    /// The bytes of a peer's pass with nothing changed: the full listing, and the delta since
    /// the node's current journal cursor.
    func measurePeerSync() throws {
        let client = node.peerClient()
        try timed("peer full listing GET /internal/zones") { try get("/internal/zones", from: client) }
        let start = try get("/internal/changes", from: client)
        guard start.status == 200 else {
            print("peer delta GET /internal/changes       not available (HTTP \(start.status))")
            return
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(start.body.utf8))) as? [String: Any]
        guard let cursor = object?["cursor"] as? Int else { throw BenchError("/internal/changes: no cursor in \(start.body.prefix(200))") }
        try timed("peer idle delta ?since=cursor") { try get("/internal/changes?since=\(cursor)", from: client) }
    }

    static func cookie(_ name: String, in reply: PushClient.Reply) -> String? {
        for header in reply.values("set-cookie") where header.hasPrefix(name + "=") {
            let value = header.dropFirst(name.count + 1).prefix { $0 != ";" }
            if !value.isEmpty { return String(value) }
        }
        return nil
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
        let value = html[range.upperBound...].prefix { $0 != "\"" }
        return value.isEmpty ? nil : String(value)
    }
}
