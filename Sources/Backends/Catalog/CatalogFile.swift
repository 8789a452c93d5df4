import Foundation

/// The catalog zone file a backend keeps (`<zones_dir>/<catalog>.db`): the members and serial
/// it was last written with, read back at start. A batch that changes the member set writes it
/// once, with the next serial, next to the batch's zone files; the backend then has the server
/// load it in the same step.
struct CatalogFile: Sendable {
    let zone: CatalogZone
    let path: String
    /// The members of the file on disk; nil when there is none (or it is not ours).
    private(set) var members: Set<String>?
    private(set) var serial: UInt32?

    init(zone: CatalogZone, zonesDirectory: String) {
        self.zone = zone
        path = "\(zonesDirectory)/\(zone.name).db"
        if let held = FileReading.text(path: path).flatMap(CatalogZone.read) {
            members = held.members
            serial = held.serial
        }
    }

    /// The file's new text when `wanted` differs from what it lists, with the serial it carries;
    /// nil when the file already lists exactly `wanted`.
    func pending(_ wanted: Set<String>, now: Double = Date().timeIntervalSince1970) -> (bytes: [UInt8], serial: UInt32)? {
        guard members != wanted else { return nil }
        let next = CatalogZone.nextSerial(after: serial, now: now)
        return (Array(zone.text(members: wanted, serial: next).utf8), next)
    }

    /// Notes that the file now lists `wanted` at `serial`.
    mutating func written(_ wanted: Set<String>, serial: UInt32) {
        members = wanted
        self.serial = serial
    }

    /// Writes the file when `wanted` differs from what it lists; whether it wrote (an error
    /// when it could not).
    mutating func update(to wanted: Set<String>) throws(AtomicFile.WriteError) -> Bool {
        guard let next = pending(wanted) else { return false }
        try AtomicFile.write(next.bytes, to: path)
        written(wanted, serial: next.serial)
        return true
    }
}
