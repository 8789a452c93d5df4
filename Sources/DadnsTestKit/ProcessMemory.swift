import Backends
import Foundation

/// Resident set size of a process, from `/proc/PID/status` (0 when the process is gone).
public enum ProcessMemory {
    /// Peak resident set size (VmHWM) in bytes; this process when `pid` is nil.
    public static func peakRSS(of pid: pid_t? = nil) -> Int { field("VmHWM:", pid) }

    /// Current resident set size (VmRSS) in bytes; this process when `pid` is nil.
    public static func currentRSS(of pid: pid_t? = nil) -> Int { field("VmRSS:", pid) }

    /// Resident anonymous memory (RssAnon: the heap, what the allocator holds) in bytes.
    public static func anonymousRSS(of pid: pid_t? = nil) -> Int { field("RssAnon:", pid) }

    /// Resident file-backed memory (RssFile: the binary's and libraries' pages) in bytes.
    public static func fileRSS(of pid: pid_t? = nil) -> Int { field("RssFile:", pid) }

    private static func field(_ name: String, _ pid: pid_t?) -> Int {
        guard let bytes = try? FileReading.read(path: "/proc/\(pid.map(String.init) ?? "self")/status") else { return 0 }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix(name) {
            return (Int(String(line.dropFirst(name.count).filter(\.isNumber))) ?? 0) * 1024
        }
        return 0
    }
}
