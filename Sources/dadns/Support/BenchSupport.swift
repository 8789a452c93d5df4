import Backends
import DNSZone

#if canImport(Glibc)
import Glibc
#endif

/// Monotonic time in seconds.
enum Clock {
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

/// Resident set size from /proc/self/status.
enum ProcessMemory {
    static func peakRSS() -> Int { field("VmHWM:") }
    static func currentRSS() -> Int { field("VmRSS:") }

    private static func field(_ name: String) -> Int {
        guard let bytes = try? FileReading.read(path: "/proc/self/status") else { return 0 }
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let digits = line.dropFirst(name.count).filter { $0.isNumber }
            return (Int(String(digits)) ?? 0) * 1024
        }
        return 0
    }
}

enum BenchFiles {
    static func makeTemporaryDirectory() -> String {
        var template = Array("/tmp/dadns-bench-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, mkdtemp(base) != nil else { return "/tmp" }
            return String(cString: base)
        }
    }
}

/// Runs a program with an argument vector (no shell), output discarded; returns its exit status.
enum BenchProcess {
    static func run(_ arguments: [String]) -> Int32 {
        let (pid, error) = ChildSpawn.spawn(arguments) { actions in
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        guard error == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status >> 8) & 0xFF
    }
}
