/// The shortest edit script between two lists of lines (Myers' O((N+M)·D) algorithm), as the
/// lines kept, removed and added in order.
public enum LineDiff {
    public enum Edit: Sendable, Equatable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// Above this many remembered positions (the search's trace grows with the number of
    /// differences times the lines), the lines between the common head and tail are reported
    /// as all removed then all added: still a correct diff, not a shortest one.
    public static let traceLimit = 20_000_000

    public static func edits(from old: [String], to new: [String]) -> [Edit] {
        // The common head and tail need no search.
        var head = 0
        while head < old.count, head < new.count, old[head] == new[head] { head += 1 }
        var tail = 0
        while tail < old.count - head, tail < new.count - head, old[old.count - 1 - tail] == new[new.count - 1 - tail] { tail += 1 }
        let oldMiddle = Array(old[head..<(old.count - tail)])
        let newMiddle = Array(new[head..<(new.count - tail)])
        let middle = shortestEdits(from: oldMiddle, to: newMiddle)
            ?? oldMiddle.map(Edit.removed) + newMiddle.map(Edit.added)
        return old[..<head].map(Edit.same) + middle + old[(old.count - tail)...].map(Edit.same)
    }

    /// Myers' search; nil when its trace would pass `traceLimit`.
    private static func shortestEdits(from a: [String], to b: [String]) -> [Edit]? {
        let n = a.count, m = b.count
        if n == 0 { return b.map(Edit.added) }
        if m == 0 { return a.map(Edit.removed) }
        let maximum = n + m
        let offset = maximum
        var furthest = [Int](repeating: 0, count: 2 * maximum + 2)
        var trace: [[Int]] = []
        search: for d in 0...maximum {
            guard (trace.count + 1) * furthest.count <= traceLimit else { return nil }
            trace.append(furthest)
            for k in stride(from: -d, through: d, by: 2) {
                var x = downward(k: k, d: d, furthest, offset) ? furthest[k + 1 + offset] : furthest[k - 1 + offset] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                furthest[k + offset] = x
                if x >= n, y >= m { break search }
            }
        }
        // Walk back from the end through the remembered rounds.
        var edits: [Edit] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK = downward(k: k, d: d, v, offset) ? k + 1 : k - 1
            let previousX = v[previousK + offset]
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                edits.append(.same(a[x - 1]))
                x -= 1
                y -= 1
            }
            guard d > 0 else { break }
            if x == previousX {
                edits.append(.added(b[y - 1]))
                y -= 1
            } else {
                edits.append(.removed(a[x - 1]))
                x -= 1
            }
        }
        return edits.reversed()
    }

    /// Whether diagonal `k` in round `d` is reached from `k + 1` (an insertion) rather than `k - 1`.
    private static func downward(k: Int, d: Int, _ furthest: [Int], _ offset: Int) -> Bool {
        k == -d || (k != d && furthest[k - 1 + offset] < furthest[k + 1 + offset])
    }
}
