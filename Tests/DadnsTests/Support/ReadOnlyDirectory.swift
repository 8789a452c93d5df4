import Foundation
import DadnsTestKit

/// A directory made to refuse writes, also for root (for whom mode bits mean nothing): a
/// read-only bind mount of the directory over itself, else the immutable attribute
/// (`chattr +i`), else mode 0555 (which stops only a non-root user). Each mechanism is proved by
/// trying to create a file before it is used; `restore()` undoes it.
final class ReadOnlyDirectory {
    enum Mechanism: String {
        case readOnlyBindMount = "read-only bind mount (mount --bind, then mount -o remount,ro,bind)"
        case immutableAttribute = "immutable attribute (chattr +i)"
        case modeBits = "mode 0555 (chmod)"
    }

    let path: String
    let mechanism: Mechanism
    private var restored = false

    /// Applies the first mechanism that really stops a write here; fails when none does.
    init(_ path: String) throws {
        self.path = path
        var tried: [String] = []
        for candidate in [Mechanism.readOnlyBindMount, .immutableAttribute, .modeBits] {
            let applied = try Self.apply(candidate, to: path)
            if applied.ok && !SystemTool.canCreateFile(in: path) {
                mechanism = candidate
                return
            }
            try Self.undo(candidate, on: path)
            tried.append("\(candidate.rawValue): \(applied.ok ? "writes still succeed" : applied.detail)")
        }
        throw NamedServer.Failure("cannot make \(path) read-only: " + tried.joined(separator: "; "))
    }

    /// Makes the directory writable again.
    func restore() throws {
        guard !restored else { return }
        try Self.undo(mechanism, on: path)
        restored = true
        guard SystemTool.canCreateFile(in: path) else { throw NamedServer.Failure("\(path) is still read-only after restore") }
    }

    private static func apply(_ mechanism: Mechanism, to path: String) throws -> (ok: Bool, detail: String) {
        switch mechanism {
        case .readOnlyBindMount:
            let bind = try SystemTool.run("/usr/bin/mount", ["--bind", path, path])
            guard bind.succeeded else { return (false, bind.output) }
            let remount = try SystemTool.run("/usr/bin/mount", ["-o", "remount,ro,bind", path])
            return (remount.succeeded, remount.output)
        case .immutableAttribute:
            let result = try SystemTool.run("/usr/bin/chattr", ["+i", path])
            return (result.succeeded, result.output)
        case .modeBits:
            return (chmod(path, 0o555) == 0, String(cString: strerror(errno)))
        }
    }

    private static func undo(_ mechanism: Mechanism, on path: String) throws {
        switch mechanism {
        case .readOnlyBindMount:
            // Only if our bind mount is there (a failed `--bind` left nothing to unmount).
            if isMountPoint(path) { _ = try SystemTool.run("/usr/bin/umount", [path]) }
        case .immutableAttribute:
            _ = try? SystemTool.run("/usr/bin/chattr", ["-i", path])
        case .modeBits:
            chmod(path, 0o755)
        }
    }

    /// Whether `path` is listed as a mount point in /proc/self/mountinfo.
    static func isMountPoint(_ path: String) -> Bool {
        let table = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        return table.split(separator: "\n").contains { $0.split(separator: " ").dropFirst(4).first.map(String.init) == path }
    }
}
