/// What knotc printed, read per zone and per configuration item.
enum KnotControlOutput {
    /// `error: [zone] (reason)` lines (zone events: `zone-reload`, `zone-purge`), by zone name
    /// without the final dot.
    static func zoneErrors(_ text: String) -> [String: String] {
        var errors: [String: String] = [:]
        for line in lines(text) where line.hasPrefix("error: [") {
            let rest = line.dropFirst("error: [".count)
            guard let close = rest.firstIndex(of: "]") else { continue }
            let zone = normalized(rest[..<close])
            let reason = rest[rest.index(after: close)...].trimmingCharacters(in: .whitespaces)
            errors[zone] = errors[zone].map { "\($0); \(reason)" } ?? reason
        }
        return errors
    }

    /// Errors of a configuration script (`conf-set`, `conf-unset` lines), by the zone each names:
    /// `error: (reason) zone[name].file = …` or `error: (reason) zone.domain = name`. Errors that
    /// name no zone are listed under "".
    static func configurationErrors(_ text: String) -> [String: String] {
        var errors: [String: String] = [:]
        for line in lines(text) where line.hasPrefix("error:") {
            let zone = zoneNamed(in: line) ?? ""
            errors[zone] = errors[zone].map { "\($0); \(line)" } ?? line
        }
        return errors
    }

    /// The zone a configuration line names: `zone[name]…` or `zone.domain = name`.
    static func zoneNamed(in line: String) -> String? {
        if let open = line.range(of: "zone["), let close = line[open.upperBound...].firstIndex(of: "]") {
            return normalized(line[open.upperBound..<close])
        }
        if let item = line.range(of: "zone.domain = ") {
            return normalized(line[item.upperBound...].prefix { $0 != " " })
        }
        return nil
    }

    /// `conf-read zone.file` / `conf-read zone.domain`: each zone with the item's value.
    /// Lines read `zone[name.].file = value` or `zone.domain = name.`.
    static func configuredZones(_ output: String) -> [String: String] {
        var zones: [String: String] = [:]
        for line in lines(output) {
            guard let equals = line.range(of: " = ") else { continue }
            let value = String(line[equals.upperBound...])
            if line.hasPrefix("zone.domain") {
                zones[normalized(Substring(value)), default: ""] += ""
            } else if let zone = zoneNamed(in: String(line[..<equals.lowerBound])) {
                zones[zone] = value
            }
        }
        return zones
    }

    /// Standard error and standard output of a finished command, on one line, for an error text.
    static func describe(_ result: CommandRunner.Result) -> String {
        if result.timedOut { return "timed out" }
        let text = CommandRunner.oneLine(result.errorOutput, result.output, omitting: ["OK"])
        return "exit \(result.status)" + (text.isEmpty ? "" : ": " + text)
    }

    private static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Lower case, without the final dot.
    static func normalized(_ name: Substring) -> String {
        let lowered = name.lowercased()
        return lowered.hasSuffix(".") ? String(lowered.dropLast()) : lowered
    }
}
