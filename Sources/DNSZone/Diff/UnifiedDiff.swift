/// Prints a `LineDiff` as a unified diff (`---`/`+++` headers, `@@ -l,n +l,n @@` hunks with
/// `context` unchanged lines around each change), as `diff -u` does. Empty when nothing changed.
public enum UnifiedDiff {
    public static func render(_ edits: [LineDiff.Edit], fromLabel: String, toLabel: String, context: Int = 3) -> String {
        let changed = edits.indices.filter { if case .same = edits[$0] { false } else { true } }
        guard let firstChange = changed.first else { return "" }
        // Hunks: runs of changes whose unchanged gap is at most twice the context.
        var hunks: [ClosedRange<Int>] = []
        var start = firstChange, end = firstChange
        for index in changed.dropFirst() {
            if index - end > 2 * context {
                hunks.append(start...end)
                start = index
            }
            end = index
        }
        hunks.append(start...end)

        // Line numbers (1-based) each edit starts at on either side.
        var oldLine = [Int](), newLine = [Int]()
        var o = 1, n = 1
        for edit in edits {
            oldLine.append(o)
            newLine.append(n)
            switch edit {
            case .same: o += 1; n += 1
            case .removed: o += 1
            case .added: n += 1
            }
        }

        var out = "--- \(fromLabel)\n+++ \(toLabel)\n"
        for hunk in hunks {
            let lower = max(0, hunk.lowerBound - context), upper = min(edits.count - 1, hunk.upperBound + context)
            let slice = edits[lower...upper]
            let oldCount = slice.filter { if case .added = $0 { false } else { true } }.count
            let newCount = slice.filter { if case .removed = $0 { false } else { true } }.count
            // An empty side names the line before it, as diff -u does.
            let oldStart = oldCount == 0 ? oldLine[lower] - 1 : oldLine[lower]
            let newStart = newCount == 0 ? newLine[lower] - 1 : newLine[lower]
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for edit in slice {
                switch edit {
                case .same(let line): out += " \(line)\n"
                case .removed(let line): out += "-\(line)\n"
                case .added(let line): out += "+\(line)\n"
                }
            }
        }
        return out
    }
}
