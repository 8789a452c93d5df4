/// Drift for the backends whose server loads the zone files dadns writes (BIND, NSD): a zone is
/// drifted when the server does not hold it, when its name has no safe path, or when its file is
/// missing or differs byte for byte from the desired text (a hand edit, a truncated file). What the
/// server serves from an unchanged file is the served-state probe's to check.
enum ZoneFileDrift {
    /// One desired zone: its domain, the path of its file (nil for a name that must never reach
    /// the file system) and its text (nil for a zone that should not exist).
    struct Desired: Sendable {
        var domain: String
        var path: String?
        var text: String?
    }

    /// The domains of `desired` that are drifted, given `held`, the zones the server holds. The
    /// files are read off the caller's executor (the reads block).
    static func drifted(_ desired: [Desired], held: Set<String>) async -> [String] {
        await BlockingWork.run {
            desired.compactMap { zone in
                guard held.contains(zone.domain), let path = zone.path, let text = zone.text,
                      let onDisk = try? FileReading.read(path: path), onDisk.elementsEqual(text.utf8)
                else { return zone.domain }
                return nil
            }
        }
    }
}
