/// The difference between two versions of a zone as records, not text: both are parsed and
/// printed in canonical form (absolute names, one record per line, canonical order), so
/// comments, layout, relative names and record order never show as changes.
public enum ZoneDiff {
    /// The records of `text` (a zone of `origin`, absolute with or without its final dot), one canonical line each, in canonical order.
    public static func canonicalLines(_ text: String, origin: String) throws -> [String] {
        let zone = try ZoneParser.parse(text, origin: try DNSName(origin.hasSuffix(".") ? origin : origin + "."))
        return ZoneWriter.canonicalText(zone).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// A unified diff of the records of `old` and `new`; empty when they hold the same records.
    public static func unified(
        from old: String, to new: String, origin: String, fromLabel: String, toLabel: String, context: Int = 3
    ) throws -> String {
        let edits = LineDiff.edits(
            from: try canonicalLines(old, origin: origin), to: try canonicalLines(new, origin: origin))
        return UnifiedDiff.render(edits, fromLabel: fromLabel, toLabel: toLabel, context: context)
    }
}
