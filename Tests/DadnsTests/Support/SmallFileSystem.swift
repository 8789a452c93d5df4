import Foundation
import DadnsTestKit

/// A small tmpfs mounted on a directory, to run a store out of space: `fill()` takes every free
/// block with a filler file, `free()` gives them back, `unmount()` removes the file system (and
/// everything on it).
final class SmallFileSystem {
    let path: String
    let sizeBytes: Int
    private var filler: String { "\(path)/filler" }
    private var mounted = false

    /// Mounts a tmpfs of `sizeBytes` on `path` (created if missing). Needs root; fails with the
    /// reason otherwise.
    init(at path: String, sizeBytes: Int) throws {
        self.path = path
        self.sizeBytes = sizeBytes
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let result = try SystemTool.run("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=\(sizeBytes),mode=0755", "tmpfs", path])
        guard result.succeeded else {
            throw NamedServer.Failure("cannot mount a tmpfs on \(path) (this test needs root and CAP_SYS_ADMIN): \(result.output)")
        }
        mounted = true
    }

    /// Free bytes on the file system.
    var freeBytes: Int {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return -1 }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    /// Writes the filler file until the file system refuses with ENOSPC; the bytes written.
    @discardableResult
    func fill() throws -> Int {
        let descriptor = open(filler, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw NamedServer.Failure("cannot create \(filler): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let chunk = [UInt8](repeating: 0x5A, count: 4096)
        var total = 0
        while true {
            let written = chunk.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written > 0 {
                total += written
                continue
            }
            if written < 0 && errno == EINTR { continue }
            guard written < 0 && errno == ENOSPC else {
                throw NamedServer.Failure("filling \(path): \(String(cString: strerror(errno)))")
            }
            return total
        }
    }

    /// Removes the filler file.
    func free() throws {
        if FileManager.default.fileExists(atPath: filler) { try FileManager.default.removeItem(atPath: filler) }
    }

    /// Unmounts the file system (lazily if something still holds it open).
    func unmount() {
        guard mounted else { return }
        if (try? SystemTool.run("/usr/bin/umount", [path]))?.succeeded != true {
            _ = try? SystemTool.run("/usr/bin/umount", ["-l", path])
        }
        mounted = false
    }
}
