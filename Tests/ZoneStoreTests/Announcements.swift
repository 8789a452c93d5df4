/// Whether the store's announcement stream yields within `timeout` (announcements are made
/// before the write returns, so one made already is buffered).
extension AsyncStream where Element == Void {
    func announces(within timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                var iterator = self.makeAsyncIterator()
                return await iterator.next() != nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
