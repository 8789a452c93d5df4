/// What nsd-control printed, read per zone. NSD reports errors on standard output and may exit 0
/// with per-zone errors in between (`addzones`, `delzones`), so the exit status alone is not
/// enough; connection problems go to standard error with exit 1.
enum NSDControlOutput {
    /// One zone's line in the reply to `addzone(s)` or `delzone(s)`.
    enum ZoneReply: Equatable {
        /// `addzone`: the zone was added now.
        case added
        /// `addzone`: NSD already had the zone ("zone … already exists"); its file must be reloaded.
        case alreadyPresent
        /// `delzone`: the zone was removed now.
        case removed
        /// `delzone`: NSD did not have the zone ("zone … not present").
        case notPresent
        /// `delzone`: the zone comes from nsd.conf (an include), so only `reconfig` can drop it.
        case definedInConfig(String)
        case failed(String)
    }

    /// Reads the reply to `addzones` / `delzones` (lines on standard input): for each zone,
    /// `added: NAME` / `removed: NAME`, or messages followed by `error for input line 'NAME'`.
    /// Zones the reply does not mention are absent from the result.
    static func batchReplies(_ output: String) -> [String: ZoneReply] {
        var replies: [String: ZoneReply] = [:]
        var messages: [String] = []  // lines since the last per-zone verdict
        for rawLine in output.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if let name = suffix(of: line, after: "added: ") {
                let zone = normalized(name)
                replies[zone] = messages.contains { $0.contains(" already exists") } ? .alreadyPresent : .added
                messages = []
            } else if let name = suffix(of: line, after: "removed: ") {
                replies[normalized(name)] = .removed
                messages = []
            } else if line.hasPrefix("error for input line '"), line.hasSuffix("'") {
                let input = line.dropFirst("error for input line '".count).dropLast()
                let zone = normalized(String(input.split(separator: " ").first ?? ""))
                replies[zone] = verdict(messages.joined(separator: "; "), status: 1)
                messages = []
            } else if !(line.hasPrefix("added ") || line.hasPrefix("deleted ")) || !line.hasSuffix(" zones") {
                messages.append(line)
            }
        }
        return replies
    }

    /// Reads the reply to a single `addzone` or `delzone`.
    static func singleReply(_ result: CommandRunner.Result, deleting: Bool) -> ZoneReply {
        let text = describe(result)
        guard !result.timedOut else { return .failed(text) }
        if result.status == 0 {
            if result.output.contains(" already exists") { return .alreadyPresent }
            if result.output.contains(" not present") { return .notPresent }
            return deleting ? .removed : .added
        }
        return verdict(text, status: result.status)
    }

    /// Sorts an error text into not-present, defined-in-config or a plain failure.
    private static func verdict(_ text: String, status: Int32) -> ZoneReply {
        if text.contains(" not present") { return .notPresent }
        if text.contains("defined in nsd.conf") { return .definedInConfig(text) }
        return .failed(text.isEmpty ? "exit \(status), no output" : text)
    }

    /// Zone names in `zonestatus` output, each with its pattern (nil for a zone defined in
    /// nsd.conf, which has an implicit pattern NSD does not print).
    static func zoneStatus(_ output: String) -> [String: String?] {
        var zones: [String: String?] = [:]
        var current: String?
        for rawLine in output.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if let name = suffix(of: line, after: "zone:") {
                let zone = normalized(name.trimmingCharacters(in: .whitespaces))
                current = zone
                zones[zone] = .some(nil)
            } else if let pattern = suffix(of: line, after: "pattern:"), let zone = current {
                zones[zone] = .some(pattern.trimmingCharacters(in: .whitespaces))
            }
        }
        return zones
    }

    /// Standard error and standard output of a finished command, on one line, for an error text.
    static func describe(_ result: CommandRunner.Result) -> String {
        if result.timedOut { return "timed out" }
        let text = CommandRunner.oneLine(result.errorOutput, result.output, omitting: ["ok"])
        return "exit \(result.status)" + (text.isEmpty ? "" : ": " + text)
    }

    private static func suffix(of line: String, after prefix: String) -> String? {
        line.hasPrefix(prefix) ? String(line.dropFirst(prefix.count)) : nil
    }

    private static func normalized(_ name: String) -> String {
        let lowered = name.lowercased()
        return lowered.hasSuffix(".") ? String(lowered.dropLast()) : lowered
    }
}
