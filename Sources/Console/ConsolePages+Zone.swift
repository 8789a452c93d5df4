import Operator
import ZoneStore

/// The data of the zone page's history, the diff page and the confirmation page.
extension ConsolePages {
    /// The zone page's `zoneHistory` part: each kept version, newest first; the diff's radios
    /// choose the newest (to) and the one before it (from) until the operator picks others.
    static func history(_ listing: ZoneHistoryListing) -> [String: Any] {
        let versions = listing.versions
        let versionRows: [[String: Any]] = versions.enumerated().map { index, version in
            let current = listing.present && version.generation == listing.generation
            var row: [String: Any] = [
                "generation": version.generation, "accepted": ConsoleFormat.time(version.acceptedAt),
                "changed": ConsoleFormat.time(version.changedAt), "source": version.source, "host": version.hostname ?? "—",
                "serial": version.serial.map(String.init) ?? "—", "records": version.recordCount, "hash": version.contentHash,
                "shortHash": String(version.contentHash.prefix(12)), "current": current, "isTo": index == 0, "isFrom": index == 1,
                // A deleted zone is not restored by a rollback; the current version needs none.
                "rollback": listing.present && !current,
            ]
            if index + 1 < versions.count { row["previous"] = versions[index + 1].generation }
            return row
        }
        return ["versions": versionRows, "hasVersions": !versionRows.isEmpty]
    }

    /// The diff page: the document's lines classed by their first character, and the versions
    /// to choose from.
    static func diff(_ document: ZoneDiffDocument, generations: [Int64]) -> [String: Any] {
        let lines: [[String: Any]] = document.diff.split(separator: "\n", omittingEmptySubsequences: false).dropLast(
            document.diff.hasSuffix("\n") ? 1 : 0
        ).map { line in
            ["kind": diffKind(line), "text": String(line)]
        }
        func choices(_ selected: Int64) -> [[String: Any]] { generations.map { ["value": $0, "selected": $0 == selected] } }
        return [
            "zone": document.domain, "from": document.from, "to": document.to, "lines": lines, "same": document.diff.isEmpty,
            "fromChoices": choices(document.from), "toChoices": choices(document.to),
        ]
    }

    /// `add`, `del`, `hunk`, `file` (the `---`/`+++` labels) or `same`.
    static func diffKind(_ line: Substring) -> String {
        if line.hasPrefix("+++") || line.hasPrefix("---") { return "file" }
        if line.hasPrefix("@@") { return "hunk" }
        if line.hasPrefix("+") { return "add" }
        if line.hasPrefix("-") { return "del" }
        return "same"
    }

    /// The confirmation page of a form posted to `action` without `confirm=yes`: the question,
    /// the form's fields again (the CSRF token and `confirm` are added by the template), and
    /// where Cancel leads.
    static func confirmation(question: String, action: String, fields: [(String, String)], back: String) -> [String: Any] {
        ["question": question, "action": action, "fields": fields.map { ["name": $0.0, "value": $0.1] }, "back": back]
    }
}
