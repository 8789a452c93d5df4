#if canImport(Glibc)
import Glibc
#endif

/// The name `AtomicFile` gives the temporary file it writes before renaming it over a target:
/// `.<base>.tmp-<pid>-<random>`, in the target's directory. One place for the pattern, so the
/// writer and the start-up sweep of files a killed process left (`StaleTemporaryFiles`) agree.
enum TemporaryFileName {
    /// The temporary file name for a target named `base`, written by process `pid`.
    static func make(base: String, pid: Int32 = getpid(), random: UInt32 = UInt32.random(in: 0...UInt32.max)) -> String {
        ".\(base).tmp-\(pid)-\(random)"
    }

    /// The target's base name and the writer's pid of a name `make` produced; nil for any other
    /// name (so nothing else is ever taken for a temporary file).
    static func parse(_ name: String) -> (base: String, pid: Int32)? {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard name.hasPrefix("."), parts.count >= 3 else { return nil }
        let head = parts.dropLast(2).joined(separator: "-")
        let base = head.dropFirst().dropLast(".tmp".count)
        guard head.hasSuffix(".tmp"), !base.isEmpty,
              let pid = decimal(parts[parts.count - 2]).flatMap(Int32.init(exactly:)), pid > 0,
              decimal(parts[parts.count - 1]).flatMap(UInt32.init(exactly:)) != nil
        else { return nil }
        return (String(base), pid)
    }

    /// A run of ASCII digits as a number (nil: empty, other characters, or too long).
    private static func decimal(_ text: Substring) -> UInt64? {
        guard !text.isEmpty, text.utf8.count <= 10, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return UInt64(text)
    }
}
