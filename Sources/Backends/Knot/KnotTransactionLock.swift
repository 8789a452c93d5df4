/// One batch at a time against knotd: Knot allows a single configuration transaction, and an
/// actor alone does not serialise (its methods interleave at every `await`). Waiters go in turn,
/// first come first served.
actor KnotTransactionLock {
    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            held = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
