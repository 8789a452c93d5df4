import Backends
import Foundation

/// Zones the operator told the reconciler to leave alone: an orphan it must not delete, or a
/// zone missing here it must not fetch. Kept in a JSON file beside the store's database,
/// written atomically on every change, read once at start. Per node: on a shared store each
/// node running the reconciler keeps its own list.
public final class ReconcileIgnoreList: @unchecked Sendable {
    /// One ignored zone.
    public struct Entry: Sendable, Codable, Equatable {
        public var domain: String
        public var kind: ReconcileCandidate.Kind
        /// The DirectAdmin server it was an orphan of, or listed by.
        public var hostname: String
        public var ignoredAt: Double
    }

    /// Why the list could not be read or written.
    public struct FileError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The file, or nil to keep the list in memory only (tests, the CLI's one-off reconciler).
    public let path: String?
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    /// A list in memory only.
    public init() { path = nil }

    /// The list kept in `path`, read now (a missing file is an empty list).
    public init(path: String?) throws(FileError) {
        self.path = path
        guard let path, FileManager.default.fileExists(atPath: path) else { return }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            for entry in try JSONDecoder().decode([Entry].self, from: data) { entries[Self.key(entry.domain, entry.kind)] = entry }
        } catch {
            throw FileError(description: "the reconciler's ignore list \(path) cannot be read: \(error)")
        }
    }

    /// Every ignored zone, by name.
    public var all: [Entry] { lock.withLock { entries.values.sorted { ($0.domain, $0.kind.rawValue) < ($1.domain, $1.kind.rawValue) } } }

    public func contains(_ domain: String, kind: ReconcileCandidate.Kind) -> Bool {
        lock.withLock { entries[Self.key(domain, kind)] != nil }
    }

    /// Adds an entry and writes the file.
    public func add(_ entry: Entry) throws(FileError) {
        try change { $0[Self.key(entry.domain, entry.kind)] = entry }
    }

    /// Takes a zone off the list (either kind) and writes the file; false when it was not on it.
    @discardableResult
    public func remove(_ domain: String) throws(FileError) -> Bool {
        var removed = false
        try change { entries in
            for kind in [ReconcileCandidate.Kind.orphan, .missing] { removed = entries.removeValue(forKey: Self.key(domain, kind)) != nil || removed }
        }
        return removed
    }

    private func change(_ edit: (inout [String: Entry]) -> Void) throws(FileError) {
        lock.lock()
        defer { lock.unlock() }
        var changed = entries
        edit(&changed)
        if let path {
            let sorted = changed.values.sorted { ($0.domain, $0.kind.rawValue) < ($1.domain, $1.kind.rawValue) }
            do {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try AtomicFile.write(Array(try encoder.encode(sorted)), to: path)
            } catch {
                throw FileError(description: "the reconciler's ignore list \(path) cannot be written: \(error)")
            }
        }
        entries = changed
    }

    private static func key(_ domain: String, _ kind: ReconcileCandidate.Kind) -> String { kind.rawValue + " " + domain }
}
