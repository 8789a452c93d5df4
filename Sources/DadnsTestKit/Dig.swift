import Foundation

/// DNS queries with `/usr/bin/dig` against a test server on 127.0.0.1.
public enum Dig {
    /// The response status (`NOERROR`, `REFUSED`, …) and the answer's rdata.
    public static func query(port: Int, _ name: String, _ type: String) throws -> (status: String, answer: [String]) {
        let output = try ProgramRun.text(["/usr/bin/dig",
            "@127.0.0.1", "-p", String(port), name, type, "+time=2", "+tries=1", "+norecurse", "+noall", "+comments", "+answer",
        ])
        var status = "?"
        var answer: [String] = []
        for line in output.split(separator: "\n") {
            if line.hasPrefix(";"), let range = line.range(of: "status: ") {
                status = String(line[range.upperBound...].prefix { $0 != "," })
            } else if !line.hasPrefix(";"), !line.isEmpty {
                // owner TTL class type rdata…
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if fields.count > 4 { answer.append(fields.dropFirst(4).joined(separator: " ")) }
            }
        }
        return (status, answer)
    }

    /// One `dig -f` run asking every zone's SOA; returns the SOA rdata of each zone that answered.
    public static func soaRecords(port: Int, zones: [String]) throws -> [String: String] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dadns-digbatch-\(UUID().uuidString)")
        try zones.map { "\($0) SOA" }.joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try ProgramRun.text(["/usr/bin/dig",
            "@127.0.0.1", "-p", String(port), "+time=2", "+tries=1", "+norecurse", "+noall", "+answer", "-f", file.path,
        ])
        var records: [String: String] = [:]
        for line in output.split(separator: "\n") where !line.hasPrefix(";") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count > 4, fields[3] == "SOA" else { continue }
            records[String(fields[0].dropLast())] = fields.dropFirst(4).joined(separator: " ")
        }
        return records
    }

    /// Polls `check` every 50 ms until it holds, for at most `seconds`. Blocks between looks: for
    /// synchronous callers (tests running `.offThePool`, the benchmarks); async code gets the
    /// overload below.
    public static func waitFor(seconds: Double = 5, _ check: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try check() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return try check()
    }

    /// Polls `check` every 50 ms until it holds, for at most `seconds`; the task sleeps between
    /// looks (`Polling.until`).
    public static func waitFor(seconds: Double = 5, _ check: () throws -> Bool) async rethrows -> Bool {
        try await Polling.until(seconds: seconds, check)
    }
}
