import Foundation

/// The effective configuration after defaults, the file and the environment: every value
/// checked against `ConfigSchema`.
struct AppConfig: Sendable {
    /// One `dns.backends.<name>` stanza.
    struct Backend: Sendable, Equatable {
        var name: String
        var type: String
        var enabled: Bool
        /// The stanza's other keys, checked for their type, as text.
        var settings: [String: String]

        func string(_ key: String) -> String? { settings[key] }
        func integer(_ key: String) -> Int? { settings[key].flatMap { Int($0) } }
    }

    /// One `reconciliation.directadmin_servers[]` entry.
    struct DirectAdminServerEntry: Sendable, Equatable {
        var hostname: String
        var port: Int
        var username: String
        var password: String
        var ssl: Bool
    }

    /// One peer from `peer_sync.peers[]` or the `DADNS_PEER_SYNC_PEER_…` variables.
    struct PeerEntry: Sendable, Equatable {
        /// Normalized (`PeerEndpoint.normalize`).
        var url: String
        var username: String
        var password: String
        var fromEnvironment: Bool
    }

    /// Every global key's effective value as text (nil: unset).
    var values: [String: String]
    var backends: [Backend]
    /// `reconciliation.directadmin_servers`.
    var directAdminServers: [DirectAdminServerEntry] = []
    /// `peer_sync.peers`, then the environment's peers not already listed.
    var peers: [PeerEntry] = []
    /// Where the configuration came from: a file path, or nil for the embedded default.
    var sourceFile: String?
    /// Keys set from `DADNS_…` variables.
    var fromEnvironment: Set<String>

    func string(_ path: String) -> String? { values[path] }
    func bool(_ path: String) -> Bool { values[path].flatMap(ConfigValueParsing.bool) ?? false }
    func integer(_ path: String) -> Int? { values[path].flatMap { Int($0) } }

    var logLevel: String { values["log_level"] ?? "info" }
    var databasePath: String { values["datastore.db_location"] ?? "./data/directdnsonly.db" }
    var listenPort: Int { integer("app.listen_port") ?? 2222 }
    var maxBodySize: Int { values["app.max_body_size"].flatMap(ConfigValueParsing.byteSize) ?? 16 << 20 }
    var enabledBackends: [Backend] { backends.filter(\.enabled) }
    func number(_ path: String) -> Double? { values[path].flatMap(Double.init) }
    func numbers(_ path: String) -> [Double] { values[path].map { $0.split(separator: ",").compactMap { Double($0) } } ?? [] }
    /// `dns.retry_schedule_seconds` as delays (checked when loading).
    var retryDelays: [Double] {
        let delays = numbers("dns.retry_schedule_seconds")
        return delays.isEmpty ? [30, 120, 300, 900, 1800] : delays
    }
}

/// Text to typed values, as the configuration accepts them.
enum ConfigValueParsing {
    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: return nil
        }
    }

    /// `16M`, `512k`, `1G` or a number of bytes.
    static func byteSize(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(String, Int)] = [("KB", 1 << 10), ("MB", 1 << 20), ("GB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("B", 1)]
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            guard let number = Int(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), number >= 0
            else { return nil }
            return number.multipliedReportingOverflow(by: factor).overflow ? nil : number * factor
        }
        return Int(trimmed).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// The outcome of checking a value: its normalized text, or why it does not fit.
    enum Checked: Equatable {
        case success(String)
        case failure(String)
    }

    /// Checks `text` against a type.
    static func check(_ text: String, as type: ConfigSchema.ValueType) -> Checked {
        switch type {
        case .text:
            return .success(text)
        case .bool:
            guard let value = bool(text) else { return .failure("expected true or false, got '\(text)'") }
            return .success(value ? "true" : "false")
        case .integer(let range):
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                return .failure("expected a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
            }
            return .success(String(value))
        case .number(let range):
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                return .failure("expected a number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
            }
            return .success(String(value))
        case .choice(let options):
            let lowered = text.lowercased()
            guard options.contains(lowered) else {
                return .failure("expected one of \(options.joined(separator: ", ")), got '\(text)'")
            }
            return .success(lowered)
        case .numberList(let range):
            let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " []")) }
            let values = items.compactMap(Double.init)
            guard !items.isEmpty, values.count == items.count, values.allSatisfy(range.contains) else {
                return .failure("expected numbers from \(range.lowerBound) to \(range.upperBound) separated by commas, got '\(text)'")
            }
            return .success(values.map { String($0) }.joined(separator: ","))
        case .byteSize:
            guard let value = byteSize(text) else { return .failure("expected a size such as 16M or 1048576, got '\(text)'") }
            return .success(String(value))
        }
    }
}
