/// Where a Knot template loads zone files from, read from knotd's configuration
/// (`conf-read 'template[NAME]'`): its `storage` and `file` (Knot's defaults `/var/lib/knot` and
/// `%s.zone` when unset). dadns adds zones with only their name (and the template), so the
/// template must load `<zones_dir>/<zone>.zone`.
struct KnotTemplate: Equatable, Sendable {
    /// Knot's own default for `storage` (Debian's build: `${localstatedir}/lib/knot`).
    static let defaultStorage = "/var/lib/knot"
    static let defaultFile = "%s.zone"

    var id: String
    var items: [String: String]

    /// Reads `conf-read 'template[NAME]'` output (`template[NAME].item = value` lines).
    init(id: String, confRead output: String) {
        self.id = id
        var items: [String: String] = [:]
        let prefix = "template[\(id)]."
        for rawLine in output.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix(prefix), let equals = line.range(of: " = ") else { continue }
            items[String(line[line.index(line.startIndex, offsetBy: prefix.count)..<equals.lowerBound])] = String(line[equals.upperBound...])
        }
        self.items = items
    }

    /// The file pattern the template loads, made absolute with its storage (`/dir/%s.zone`).
    var filePattern: String {
        let file = items["file"] ?? Self.defaultFile
        if file.hasPrefix("/") { return file }
        let storage = items["storage"] ?? Self.defaultStorage
        return (storage.hasSuffix("/") ? String(storage.dropLast()) : storage) + "/" + file
    }

    /// Why the template does not fit a zones directory (absolute); nil when it does.
    func mismatch(zonesDirectory: String) -> String? {
        let wanted = zonesDirectory + "/%s.zone"
        guard filePattern != wanted else { return nil }
        return "Knot template '\(id)' loads zone files from \(filePattern), not \(wanted): set the template's storage to \(zonesDirectory) "
            + "(and leave its file unset), or point zones_dir at the template's storage"
    }

    /// `zonefile-load`, when the template does not compute differences (so no IXFR): a note.
    var zonefileLoadNote: String? {
        let load = items["zonefile-load"] ?? "whole"
        return load == "difference" || load == "difference-no-serial"
            ? nil : "template '\(id)' has zonefile-load: \(load); with difference Knot keeps each change in its journal and serves IXFR"
    }
}
