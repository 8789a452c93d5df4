import Backends
import DadnsConfiguration
import Foundation
import ZoneStore

/// One side of `dadns store copy`: `sqlite:PATH`, or `mysql` (the database the configuration's
/// `datastore.*` keys name, as this node: `app.node_name`).
enum StoreEndpoint: Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case mysql

    init?(_ text: String) {
        if text == "mysql" {
            self = .mysql
        } else if text.hasPrefix("sqlite:"), text.count > "sqlite:".count {
            self = .sqlite(path: LocalPath.absolute(String(text.dropFirst("sqlite:".count))))
        } else {
            return nil
        }
    }

    var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .mysql: return "mysql"
        }
    }

    /// A source SQLite file that is not there.
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "no store at \(path)" }
    }

    /// An open side: the store, the SQLite lock held for as long as the copy runs, and where it is.
    struct Opened {
        let store: any StoreCopying
        let lock: StoreLock?
        let location: String
    }

    /// Opens this side. A SQLite store is locked first, as the daemon locks it: while a daemon
    /// runs on the file the copy is refused, and no daemon starts on it while the copy runs. A
    /// source file must exist (an empty new store is never copied over a full one).
    func open(asSource: Bool, config: () throws -> AppConfig) async throws -> Opened {
        switch self {
        case .sqlite(let path):
            if asSource && !FileManager.default.fileExists(atPath: path) {
                throw Missing(path: path)
            }
            try AtomicFile.makeDirectory(AtomicFile.parentDirectory(of: path))
            let lock = try StoreLock(storePath: path)
            // `datastore.synchronous` of the configuration, as the daemon would open the file (FULL unless set).
            let store = try SQLiteZoneStore(path: path, synchronous: try config().store.synchronous)
            return Opened(store: store, lock: lock, location: "sqlite \(path)")
        case .mysql:
            let (store, location) = try await StoreOpener.openMySQL(try config(), followOthers: false)
            return Opened(store: store, lock: nil, location: location)
        }
    }
}
