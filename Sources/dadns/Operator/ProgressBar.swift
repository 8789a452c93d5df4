#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A progress bar on standard error: redrawn in place on a terminal, otherwise one line at the
/// start, every tenth and the end (for logs).
final class ProgressBar: @unchecked Sendable {
    let label: String
    let terminal = isatty(2) == 1
    private var lastTenth = -1

    init(label: String) { self.label = label }

    func update(_ done: Int, _ total: Int) {
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        if terminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            StandardError.write("\r\(label) [\(bar)] \(done)/\(total)" + (done == total ? "\n" : ""))
            return
        }
        let tenth = Int(fraction * 10)
        guard tenth != lastTenth || done == total else { return }
        if done == total && lastTenth == 10 { return }
        lastTenth = tenth
        StandardError.write("\(label): \(done)/\(total) zone(s)\n")
    }
}
