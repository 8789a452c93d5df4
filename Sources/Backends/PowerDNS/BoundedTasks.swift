/// Runs `work` on each index of `0..<count` with at most `limit` at once; the results in index order.
func boundedTasks<T: Sendable>(
    count: Int, limit: Int, placeholder: T, _ work: @escaping @Sendable (Int) async -> T
) async -> [T] {
    await withTaskGroup(of: (Int, T).self) { group in
        var results = [T](repeating: placeholder, count: count)
        var next = 0
        while next < min(limit, count) {
            let index = next
            group.addTask { (index, await work(index)) }
            next += 1
        }
        for await (index, result) in group {
            results[index] = result
            if next < count {
                let index = next
                group.addTask { (index, await work(index)) }
                next += 1
            }
        }
        return results
    }
}
