#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on a store, held for the life of the daemon: `flock` on `<store>.lock`,
/// which holds the owner's pid for the message another start gets. Two daemons on one store
/// would both apply its changes and race on the same zone files; the second now stops at
/// start-up instead. The kernel releases the lock when the process ends, however it ends
/// (SIGKILL included), so a restart after a crash is never refused.
public final class StoreLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Int32

    /// Why the lock could not be taken, in words for the operator.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Takes the lock of the store at `storePath`, or throws naming the pid that holds it.
    public init(storePath: String) throws(Failure) {
        path = storePath + ".lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Failure(description: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            let holder = Self.recordedPID(descriptor)
            close(descriptor)
            guard reason == EWOULDBLOCK else {
                throw Failure(description: "cannot lock \(path): \(String(cString: strerror(reason)))")
            }
            throw Failure(description:
                "another dadns\(holder.map { " (pid \($0))" } ?? "") is using the store \(storePath): stop it first, or give this one its own datastore.db_location")
        }
        let line = Array("\(getpid())\n".utf8)
        if ftruncate(descriptor, 0) == 0 {
            _ = line.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        }
    }

    deinit {
        close(descriptor)
    }

    /// Whether a daemon holds the lock of the store at `storePath` now, and its pid when recorded.
    /// Creates nothing: without a lock file, nobody holds it. (A shared lock is tried and
    /// released at once; it fails only while a daemon holds the exclusive one.)
    public static func holder(storePath: String) -> (held: Bool, pid: Int32?) {
        let descriptor = open(storePath + ".lock", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return (false, nil) }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_SH | LOCK_NB) != 0 else {
            flock(descriptor, LOCK_UN)
            return (false, nil)
        }
        return (errno == EWOULDBLOCK, recordedPID(descriptor))
    }

    /// The pid the holder wrote into the lock file, if it is there.
    private static func recordedPID(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count].filter { (48...57).contains($0) }, as: UTF8.self))
    }
}
